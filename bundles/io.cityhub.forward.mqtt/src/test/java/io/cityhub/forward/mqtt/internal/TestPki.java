package io.cityhub.forward.mqtt.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates generated at test time (BouncyCastle): a CA, server certificates and client certificates. */
final class TestPki {

    /** A certificate and its key, written as PEM files (key in unencrypted PKCS#8). */
    record Issued(X509Certificate certificate, KeyPair keys, Path certPem, Path keyPem) {
    }

    private final Path dir;
    private final AtomicLong serial = new AtomicLong(1);
    private final Issued ca;

    TestPki(Path dir, String caName) throws Exception {
        this.dir = dir;
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + caName);
        X509v3CertificateBuilder builder = builder(name, name, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = write(caName, sign(builder, keys), keys);
    }

    Issued ca() {
        return ca;
    }

    /** @param dnsName the only DNS name; 127.0.0.1 is added as an IP name only when {@code withLoopbackIp} */
    Issued server(String file, String dnsName, boolean withLoopbackIp) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + ca.certificate().getSubjectX500Principal()
                .getName().substring(3)), new X500Name("CN=" + dnsName), keys);
        GeneralName[] names = withLoopbackIp
                ? new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}
                : new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName)};
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return write(file, sign(builder, ca.keys()), keys);
    }

    Issued client(String file, String commonName) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + ca.certificate().getSubjectX500Principal()
                .getName().substring(3)), new X500Name("CN=" + commonName), keys);
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return write(file, sign(builder, ca.keys()), keys);
    }

    /** @return a PKCS#12 file holding the client's key and chain */
    Path pkcs12(Issued client, String file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", client.keys().getPrivate(), password,
                new Certificate[] {client.certificate(), ca.certificate()});
        Path path = dir.resolve(file + ".p12");
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password);
        }
        return path;
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial.getAndIncrement()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private Issued write(String file, X509Certificate cert, KeyPair keys) throws IOException {
        Path certPem = dir.resolve(file + ".crt");
        Path keyPem = dir.resolve(file + ".key");
        Files.writeString(certPem, pem(cert));
        Files.writeString(keyPem, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        return new Issued(cert, keys, certPem, keyPem);
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
