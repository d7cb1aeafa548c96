package io.cityhub.forward.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory from the configured files: trust = the CA PEM (or the JVM's trust store), key = a
 * PKCS#12 file or a PEM chain with an unencrypted PKCS#8 key. Hostname verification is done by
 * the link's connection (the TLS socket's endpoint identification "HTTPS").
 */
final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * @throws IllegalArgumentException naming the PID, attribute and file when material cannot be read
     */
    static SSLSocketFactory socketFactory(MqttForwarderOptions.TlsOptions tls) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caPath().isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(tls.caPath(), "tls.ca.path")) {
                    trust.setCertificateEntry("ca" + i++, ca);
                }
                if (i == 0) {
                    throw bad("tls.ca.path", tls.caPath(), "holds no certificate", null);
                }
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (!tls.clientCertPath().isEmpty()) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = tls.keystorePassword();
                if (MqttForwarderOptions.isPkcs12(tls.clientCertPath())) {
                    KeyStore keys = KeyStore.getInstance("PKCS12");
                    try (InputStream in = Files.newInputStream(Path.of(tls.clientCertPath()))) {
                        keys.load(in, password);
                    } catch (IOException e) {
                        throw bad("tls.client.cert.path", tls.clientCertPath(), "cannot be read as PKCS#12", e);
                    }
                    kmf.init(keys, password);
                } else {
                    char[] transientPassword = "cityhub".toCharArray(); // in-memory store only
                    KeyStore keys = KeyStore.getInstance("PKCS12");
                    keys.load(null, null);
                    Collection<? extends Certificate> chain =
                            certificates(tls.clientCertPath(), "tls.client.cert.path");
                    keys.setKeyEntry("client", privateKey(tls.clientKeyPath()), transientPassword,
                            chain.toArray(new Certificate[0]));
                    kmf.init(keys, transientPassword);
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(MqttForwarder.PID + ": TLS material cannot be used: " + e, e);
        }
    }

    private static Collection<? extends Certificate> certificates(String path, String attribute)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw bad(attribute, path, "cannot be read", e);
        }
    }

    private static PrivateKey privateKey(String path) throws GeneralSecurityException {
        String pem;
        try {
            pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw bad("tls.client.key.path", path, "cannot be read", e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw bad("tls.client.key.path", path, "is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)", null);
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm; PKCS#8 names it inside, but the JDK needs the right factory: try the next
            }
        }
        throw bad("tls.client.key.path", path, "holds a key of an unsupported algorithm (RSA, EC, Ed25519)", null);
    }

    private static IllegalArgumentException bad(String attribute, String path, String problem, Exception cause) {
        return new IllegalArgumentException(MqttForwarder.PID + ": attribute '" + attribute + "' file '" + path
                + "' " + problem, cause);
    }
}
