package io.cityhub.sensor.coap.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * The gateway's own key for raw public keys (RFC 7250) and X.509 over CoAPS, and the CA certificates devices'
 * certificates must chain to. Public only for tests; the package is not exported.
 *
 * @param privateKey the gateway's private key, null if only pre-shared keys are used
 * @param chain the gateway's certificate chain (its own first), empty for raw public keys only
 * @param publicKey the gateway's public key (of {@code chain[0]} if there is a chain), null without a private key
 * @param trusted CA certificates devices' X.509 certificates must chain to; empty: no X.509 devices
 */
public record DtlsCertificates(PrivateKey privateKey, List<X509Certificate> chain, PublicKey publicKey,
        List<X509Certificate> trusted) {

    /** Pre-shared keys only. */
    public static final DtlsCertificates NONE = new DtlsCertificates(null, List.of(), null, List.of());

    /** @throws IllegalArgumentException naming the attribute if the parts do not fit together */
    public DtlsCertificates {
        chain = List.copyOf(chain);
        trusted = List.copyOf(trusted);
        if (privateKey == null && (publicKey != null || !chain.isEmpty() || !trusted.isEmpty())) {
            throw invalid("dtls.private.key", "", "the gateway's private key, which raw public keys and X.509 need");
        }
        if (privateKey != null && publicKey == null) {
            throw invalid("dtls.certificate", "", "the gateway's certificate chain or public key (PEM)");
        }
        if (!chain.isEmpty() && !chain.get(0).getPublicKey().equals(publicKey)) {
            throw invalid("dtls.certificate", "(not shown)", "a chain whose first certificate is the gateway's own");
        }
    }

    /**
     * @param privateKeyValue the {@code dtls.private.key} attribute: encrypted by Kura's CryptoService, then PEM text
     *     or the path of a PEM file; empty for none
     * @param certificateValue {@code dtls.certificate}: PEM (a chain, or a public key alone) or a path
     * @param trustedValue {@code dtls.trusted.certificates}: PEM or a path; empty for none
     * @param crypto decrypts the private key; may be null if no private key is configured
     * @return the validated credentials
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>};
     *     the private key is never shown
     */
    static DtlsCertificates from(String privateKeyValue, String certificateValue, String trustedValue,
            CryptoService crypto) {
        String keyText = decrypt(privateKeyValue, crypto);
        String certificate = certificateValue == null ? "" : certificateValue.trim();
        String trustedText = trustedValue == null ? "" : trustedValue.trim();
        if (keyText.isEmpty()) {
            if (!certificate.isEmpty() || !trustedText.isEmpty()) {
                throw invalid("dtls.private.key", "", "the gateway's private key, which raw public keys and X.509"
                        + " need (dtls.certificate or dtls.trusted.certificates is set)");
            }
            return NONE;
        }
        PrivateKey key;
        try {
            key = PemCredentials.privateKey(keyText, "dtls.private.key");
        } catch (IllegalArgumentException e) {
            throw invalid("dtls.private.key", "********", "a PKCS#8 EC or Ed25519 private key as PEM, or the path"
                    + " of such a file (" + e.getMessage() + "; the value is not shown)");
        }
        if (certificate.isEmpty()) {
            throw invalid("dtls.certificate", "", "the gateway's certificate chain or public key (PEM), required"
                    + " with a private key");
        }
        List<X509Certificate> chain;
        PublicKey publicKey;
        List<X509Certificate> trusted;
        try {
            chain = PemCredentials.certificates(certificate, "dtls.certificate");
            publicKey = chain.isEmpty() ? PemCredentials.publicKey(certificate, "dtls.certificate")
                    : chain.get(0).getPublicKey();
        } catch (IllegalArgumentException e) {
            throw invalid("dtls.certificate", shorten(certificate), "PEM certificates (the gateway's first) or a PEM"
                    + " public key, or the path of such a file (" + e.getMessage() + ")");
        }
        try {
            trusted = trustedText.isEmpty() ? List.of()
                    : PemCredentials.certificates(trustedText, "dtls.trusted.certificates");
        } catch (IllegalArgumentException e) {
            throw invalid("dtls.trusted.certificates", shorten(trustedText), "PEM CA certificates or the path of such"
                    + " a file (" + e.getMessage() + ")");
        }
        if (!belongTogether(key, publicKey)) {
            throw invalid("dtls.certificate", shorten(certificate), "the public key (or certificate) of the"
                    + " configured dtls.private.key; they do not belong together");
        }
        if (!trustedText.isEmpty() && trusted.isEmpty()) {
            throw invalid("dtls.trusted.certificates", shorten(trustedText), "at least one CERTIFICATE block");
        }
        return new DtlsCertificates(key, chain, publicKey, trusted);
    }

    /** @return whether the gateway offers raw public keys and X.509 (it has a key of its own) */
    boolean enabled() {
        return privateKey != null;
    }

    /** @return whether devices may authenticate with X.509 certificates */
    boolean acceptsCertificates() {
        return !trusted.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsCertificates o && Objects.equals(privateKey, o.privateKey)
                && chain.equals(o.chain) && Objects.equals(publicKey, o.publicKey) && trusted.equals(o.trusted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(publicKey, chain, trusted);
    }

    @Override
    public String toString() {
        return !enabled() ? "pre-shared keys only"
                : "raw public key" + (chain.isEmpty() ? "" : " and X.509 " + chain.get(0).getSubjectX500Principal())
                + (trusted.isEmpty() ? "" : ", " + trusted.size() + " trusted CA certificates");
    }

    private static String decrypt(String value, CryptoService crypto) {
        if (value == null || value.isBlank()) {
            return "";
        }
        if (crypto == null) {
            throw invalid("dtls.private.key", "********", "a value Kura's CryptoService decrypts, but no CryptoService"
                    + " is registered");
        }
        try {
            char[] plain = crypto.decryptAes(value.toCharArray());
            String text = new String(plain);
            Arrays.fill(plain, '\0');
            return text.trim();
        } catch (KuraException e) {
            throw invalid("dtls.private.key", "********", "a value encrypted by this gateway's CryptoService"
                    + " (decryption failed: " + e.getCode() + "; the value is not shown)");
        }
    }

    /** A signature made with the private key verifies with the public key only if they are one pair. */
    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = privateKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : privateKey.getAlgorithm();
        byte[] probe = "cityhub key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // keys of different types, or not usable for signing at all
        }
    }

    private static String shorten(String value) {
        String flat = value.replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(CoapSensorServer.PID + ": attribute '" + attribute
                + "' has invalid value '" + value + "'; expected " + expected);
    }
}
