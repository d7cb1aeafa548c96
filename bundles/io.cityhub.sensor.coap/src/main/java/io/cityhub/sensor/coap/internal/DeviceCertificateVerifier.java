package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Decides which devices' certificates the server takes in a handshake: a raw public key (RFC 7250) only if a
 * configured device has it; an X.509 chain only if it chains to a trusted CA certificate (Scandium's path
 * validation) and its subject names a configured device. Anything else ends the handshake with bad_certificate, so
 * no session exists. Reads the configured devices at each handshake.
 */
final class DeviceCertificateVerifier implements NewAdvancedCertificateVerifier {

    private final DeviceDirectory devices;
    /** Validates chains against the trusted CA certificates; null when no X.509 devices are accepted. */
    private final NewAdvancedCertificateVerifier chains;
    private final List<CertificateType> types;
    private final List<X500Principal> issuers;

    /**
     * @param devices the configured devices
     * @param trusted CA certificates devices' chains must end in; empty: raw public keys only
     */
    DeviceCertificateVerifier(DeviceDirectory devices, List<X509Certificate> trusted) {
        this.devices = devices;
        this.chains = trusted.isEmpty() ? null : StaticNewAdvancedCertificateVerifier.builder()
                .setTrustedCertificates(trusted.toArray(new X509Certificate[0])).build();
        this.types = trusted.isEmpty() ? List.of(CertificateType.RAW_PUBLIC_KEY)
                : List.of(CertificateType.RAW_PUBLIC_KEY, CertificateType.X_509);
        this.issuers = trusted.stream().map(X509Certificate::getSubjectX500Principal).toList();
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return types;
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
            InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
            CertificateMessage message) {
        CertPath path = message.getCertificateChain();
        if (path == null) {
            PublicKey key = message.getPublicKey();
            if (key == null || devices.byPrincipal(new RawPublicKeyIdentity(key)).isEmpty()) {
                return refused(cid, "raw public key of no configured device");
            }
            return new CertificateVerificationResult(cid, key, null);
        }
        if (chains == null) {
            return refused(cid, "X.509 certificates are not accepted (no trusted CA certificates configured)");
        }
        // a device is not a host: its certificate's subject is matched against the devices below, not a host name
        CertificateVerificationResult result = chains.verifyCertificate(cid, serverName, remotePeer, clientUsage,
                false, truncateCertificatePath, message);
        if (result.getException() != null || result.getCertificatePath() == null
                || result.getCertificatePath().getCertificates().isEmpty()) {
            return result;
        }
        X509Certificate device = (X509Certificate) result.getCertificatePath().getCertificates().get(0);
        if (devices.byPrincipal(X509CertPath.fromCertificatesChain(device)).isEmpty()) {
            return refused(cid, "certificate " + device.getSubjectX500Principal() + " names no configured device");
        }
        return result;
    }

    private static CertificateVerificationResult refused(ConnectionId cid, String why) {
        return new CertificateVerificationResult(cid, new HandshakeException(why,
                new AlertMessage(AlertMessage.AlertLevel.FATAL, AlertMessage.AlertDescription.BAD_CERTIFICATE)),
                null);
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return issuers;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
