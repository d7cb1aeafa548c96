package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.ResumingServerHandshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.SessionStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/** Builds the server's DTLS 1.2 connector (Scandium): pre-shared keys, and raw public keys and X.509 as options. */
final class DtlsEndpoints {

    private DtlsEndpoints() {
    }

    /**
     * @param bind where to listen
     * @param configuration the server's Californium configuration; the DTLS definitions are registered on it
     * @param keys the devices' keys
     * @param counters counts completed and failed handshakes
     * @param sessions where established sessions are kept for abbreviated handshakes, across connectors
     * @param certificates the gateway's key for raw public keys and X.509, and the trusted CA certificates
     * @param devices the configured devices, whose raw public keys and certificate names are accepted
     * @return the connector, not started
     */
    static DTLSConnector connector(InetSocketAddress bind, Configuration configuration, AdvancedPskStore keys,
            CoapCounters counters, SessionStore sessions, DtlsCertificates certificates, DeviceDirectory devices) {
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(configuration);
        if (certificates.enabled()) {
            builder.setCertificateIdentityProvider(certificates.chain().isEmpty()
                    ? new SingleCertificateProvider(certificates.privateKey(), certificates.publicKey())
                    : new SingleCertificateProvider(certificates.privateKey(),
                            certificates.chain().toArray(new X509Certificate[0]), CertificateType.RAW_PUBLIC_KEY,
                            CertificateType.X_509))
                    .setAdvancedCertificateVerifier(new DeviceCertificateVerifier(devices, certificates.trusted()))
                    // RFC 7250 / RFC 5246 §7.4.4: a device that uses certificates must present its own
                    .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        }
        DtlsConnectorConfig config = builder
                .setAddress(bind)
                // the gateway only answers handshakes; it never opens one towards a sensor
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                // RFC 6347 §4.2.8: a client may resume its session with an abbreviated handshake by session id
                .set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, true)
                .setAdvancedPskStore(keys)
                .setSessionStore(sessions)
                .setLoggingTag("cityhub-coaps")
                .setConnectionListener(new HandshakeFailures())
                .setSessionListener(new SessionAdapter() {
                    @Override
                    public void handshakeCompleted(Handshaker handshaker) {
                        counters.dtlsHandshakes.increment();
                        if (handshaker instanceof ResumingServerHandshaker) {
                            counters.dtlsResumedHandshakes.increment();
                        }
                    }

                    @Override
                    public void handshakeFailed(Handshaker handshaker, Throwable error) {
                        counters.dtlsHandshakeFailures.increment();
                    }
                })
                .build();
        return new DTLSConnector(config);
    }

    /**
     * Ends a first handshake that cannot succeed any more, so that the session listener counts it failed and the
     * connection is removed. Scandium keeps both cases below silent towards the client (its handling of
     * eclipse bug 533258) and would otherwise hold the handshake until it expires, never reporting it failed:
     * <ul>
     * <li>a record fails its MAC check: with a wrong pre-shared key the client's Finished is encrypted under other
     * keys, and DTLS drops such a record silently (RFC 6347 §4.1.2.7); no good Finished can follow, both sides have
     * derived their keys;</li>
     * <li>the PSK store found no key for the identity (RFC 4279 §2, unknown_psk_identity).</li>
     * </ul>
     * Connections with an established session are not touched.
     */
    static final class HandshakeFailures implements ConnectionListener {

        @Override
        public boolean onConnectionMacError(Connection connection) {
            fail(connection, "a record failed its MAC check during the handshake (wrong pre-shared key?)",
                    AlertMessage.AlertDescription.DECRYPT_ERROR);
            return false;
        }

        @Override
        public void afterExecution(Connection connection) {
            AlertMessage cause = connection.getRootCauseAlert();
            if (cause != null && cause.getDescription() == AlertMessage.AlertDescription.UNKNOWN_PSK_IDENTITY) {
                fail(connection, "unknown PSK identity", AlertMessage.AlertDescription.UNKNOWN_PSK_IDENTITY);
            }
        }

        private static void fail(Connection connection, String why, AlertMessage.AlertDescription description) {
            Handshaker handshaker = connection.getOngoingHandshake();
            if (handshaker != null && connection.getEstablishedSession() == null) {
                handshaker.handshakeFailed(new HandshakeException(why,
                        new AlertMessage(AlertMessage.AlertLevel.FATAL, description)));
            }
        }

        @Override
        public void onConnectionEstablished(Connection connection) {
            // counted by the session listener
        }

        @Override
        public void onConnectionRemoved(Connection connection) {
            // nothing kept per connection
        }

        @Override
        public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
            return false;
        }

        @Override
        public void beforeExecution(Connection connection) {
            // no per-execution state
        }

        @Override
        public void updateExecution(Connection connection) {
            // no per-execution state
        }

    }

    /** Registers Scandium's configuration definitions; idempotent. */
    static void register() {
        DtlsConfig.register();
    }
}
