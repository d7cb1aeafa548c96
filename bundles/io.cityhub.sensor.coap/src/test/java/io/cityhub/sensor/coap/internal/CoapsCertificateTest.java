package io.cityhub.sensor.coap.internal;

import static io.cityhub.sensor.coap.internal.DtlsClients.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, CoAPS with raw public keys (RFC 7250) and X.509 certificates instead of pre-shared keys: Scandium clients
 * on loopback against the real server and ingest. The certificates are made by the {@code openssl} command
 * ({@link TestPki}); the raw public keys by the JDK.
 */
@Timeout(120)
class CoapsCertificateTest {

    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";
    private static final long REFUSED_MILLIS = 6_000;
    private static final long ANSWERED_MILLIS = 20_000;

    @TempDir
    static Path pki;
    private static KeyPair gateway;
    private static KeyPair device;
    private static KeyPair stranger;

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final java.util.List<org.eclipse.californium.core.CoapClient> clients = new java.util.ArrayList<>();
    private CoapSensorServer server;

    @BeforeAll
    static void makeKeysAndCertificates() throws Exception {
        gateway = ecKeyPair();
        device = ecKeyPair();
        stranger = ecKeyPair();
        TestPki.create(pki);
    }

    @AfterEach
    void stop() {
        clients.forEach(org.eclipse.californium.core.CoapClient::shutdown);
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void aDeviceWithItsRawPublicKeyPostsAsItself() throws Exception {
        startRawPublicKeys();

        CoapResponse response = post(rpkClient(device), "/readings", ANSWERED_MILLIS);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(fixture.buffer.durable()).singleElement().satisfies(reading -> {
            assertThat(reading.sensorId()).isEqualTo("meter-5");
            assertThat(reading.source().attributes().get("dtls.identity")).startsWith("ni:///sha-256;");
        });
        assertThat(server.health()).containsEntry("dtls.handshakes", 1L);
    }

    @Test
    void aRawPublicKeyOfNoDeviceGetsNoSession() throws Exception {
        startRawPublicKeys();

        assertThat(post(rpkClient(stranger), "/readings", REFUSED_MILLIS)).as("answer without a session").isNull();

        assertThat(fixture.buffer.durable()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> failures() == 1L);
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
    }

    @Test
    void aRawPublicKeyDevicePostingAsAnotherSensorGets403AndNothingOverPlainCoap() throws Exception {
        startRawPublicKeys();

        CoapResponse asOther = post(rpkClient(device), "/readings/meter-6", ANSWERED_MILLIS);
        var plain = fixture.singleDatagramClient();
        plain.setURI(LoopbackFixture.uri(server, "/readings/meter-5"));
        CoapResponse overPlain = plain.post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(asOther.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(asOther.getResponseText()).contains("posts only as meter-5");
        assertThat(overPlain.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void aDeviceWithACertificateOfTheTrustedCaPostsAsTheSensorItsSubjectNames() throws Exception {
        startX509();

        CoapResponse response = post(x509Client("meter-9"), "/readings/meter-9", ANSWERED_MILLIS);
        CoapResponse asOther = post(x509Client("meter-9"), "/readings/meter-5", ANSWERED_MILLIS);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(asOther.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(fixture.buffer.durable()).singleElement().satisfies(reading -> {
            assertThat(reading.sensorId()).isEqualTo("meter-9");
            // RFC 2253 order: the last RDN first, as openssl x509 -noout -subject -nameopt RFC2253 prints it
            assertThat(reading.source().attributes().get("dtls.identity")).isEqualTo("O=City,CN=meter-9");
        });
    }

    @Test
    void aCertificateFromAnotherCaOrNamingNoDeviceGetsNoSession() throws Exception {
        startX509();

        assertThat(post(x509Client("forged"), "/readings", REFUSED_MILLIS)).as("same CN, untrusted CA").isNull();
        assertThat(post(x509Client("unknown"), "/readings", REFUSED_MILLIS)).as("trusted CA, no such device")
                .isNull();

        assertThat(fixture.buffer.durable()).isEmpty();
        // the client hears the alert before the server's handshake has ended: wait for the count
        await().atMost(Duration.ofSeconds(20)).until(() -> failures() == 2L);
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
    }

    @Test
    void preSharedKeysStillWorkBesideCertificates() throws Exception {
        startX509();
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
        try (DtlsClients psk = new DtlsClients()) {
            DtlsClients.Client client = psk.client("serial-0007", "correct horse battery",
                    java.time.Duration.ofMillis(ANSWERED_MILLIS));
            client.coap().setURI(uri(server, "/readings"));

            assertThat(client.coap().post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(fixture.buffer.durable()).extracting(Reading::sensorId).containsExactly("meter-7");
    }

    @Test
    void theGatewaysCredentialsComeFromEncryptedPemTextOrFromFiles() throws Exception {
        String keyPem = Files.readString(pki.resolve("gateway.key"));
        String chainPem = Files.readString(pki.resolve("gateway.pem"));

        // Kura's one-line fields: the line breaks come back as blanks
        DtlsCertificates inline = DtlsCertificates.from("enc:" + keyPem.replace('\n', ' '),
                chainPem.replace('\n', ' '), pki.resolve("ca.pem").toString(), TestDevices.CRYPTO);
        DtlsCertificates files = DtlsCertificates.from("enc:" + pki.resolve("gateway.key"),
                pki.resolve("gateway.pem").toString(), Files.readString(pki.resolve("ca.pem")), TestDevices.CRYPTO);

        assertThat(inline).isEqualTo(files);
        assertThat(inline.chain()).singleElement().satisfies(c ->
                assertThat(c.getSubjectX500Principal().getName()).isEqualTo("O=City,CN=gateway-1"));
        assertThat(inline.trusted()).hasSize(1);
        assertThat(DtlsCertificates.from("", "", "", null)).isEqualTo(DtlsCertificates.NONE);
    }

    @Test
    void badGatewayCredentialsFailActivationNamingTheAttributeButNeverTheKey() throws Exception {
        String keyPem = Files.readString(pki.resolve("gateway.key"));
        String secret = keyPem.substring(40, 60);

        assertThatThrownBy(() -> DtlsCertificates.from("enc:" + keyPem.replace("A", "*"), pem(gateway), "",
                TestDevices.CRYPTO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'dtls.private.key'").message().doesNotContain(secret);
        assertThatThrownBy(() -> DtlsCertificates.from("enc:" + keyPem, "", "", TestDevices.CRYPTO))
                .hasMessageContaining("attribute 'dtls.certificate'");
        assertThatThrownBy(() -> DtlsCertificates.from(keyPem, pem(gateway), "", TestDevices.CRYPTO))
                .as("not encrypted by the CryptoService").hasMessageContaining("attribute 'dtls.private.key'")
                .message().doesNotContain(secret);
        assertThatThrownBy(() -> DtlsCertificates.from("", "", pki.resolve("ca.pem").toString(), null))
                .hasMessageContaining("attribute 'dtls.private.key'");
        assertThatThrownBy(() -> DtlsCertificates.from("enc:" + keyPem, pem(stranger), "", TestDevices.CRYPTO))
                .as("a public key that is not the private key's").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsCertificates.from("enc:" + keyPem, "/no/such/file.pem", "",
                TestDevices.CRYPTO)).hasMessageContaining("attribute 'dtls.certificate'");
        assertThatThrownBy(() -> TestDevices.rawPublicKey("meter-5", "not a key"))
                .hasMessageContaining("attribute 'public.key'");
        assertThatThrownBy(() -> TestDevices.certificate("meter-9", "CN=meter-9,,=O"))
                .hasMessageContaining("attribute 'certificate.name'");
    }

    private long failures() {
        return (Long) server.health().get("dtls.handshakeFailures");
    }

    private void startRawPublicKeys() {
        // the gateway's private key as PEM text, its public key as PEM (no certificate: raw public keys only)
        DtlsCertificates certificates = DtlsCertificates.from("enc:" + privatePem(gateway), pem(gateway), "",
                TestDevices.CRYPTO);
        start(certificates);
        // base64 of the SubjectPublicKeyInfo, as a one-line field holds it
        server.addDevice(TestDevices.rawPublicKey("meter-5",
                Base64.getEncoder().encodeToString(device.getPublic().getEncoded())));
    }

    private void startX509() {
        DtlsCertificates certificates = DtlsCertificates.from("enc:" + pki.resolve("gateway.key"),
                pki.resolve("gateway.pem").toString(), pki.resolve("ca.pem").toString(), TestDevices.CRYPTO);
        start(certificates);
        server.addDevice(TestDevices.certificate("meter-9", "meter-9"));
        // by its whole subject DN, in RFC 2253 order; its certificate is never presented here
        server.addDevice(TestDevices.certificate("meter-10", "O=City,CN=meter-10"));
        server.addDevice(TestDevices.rawPublicKey("meter-5", pem(device)));
    }

    private void start(DtlsCertificates certificates) {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true).options(), fixture.ingest,
                Clock.systemUTC(), UDPConnector::new, new DtlsSessions(), certificates, TestDevices.CRYPTO);
    }

    private CoapResponse post(org.eclipse.californium.core.CoapClient client, String path, long timeoutMillis)
            throws Exception {
        client.setURI(uri(server, path));
        client.setTimeout(timeoutMillis);
        try {
            return client.post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);
        } catch (java.io.IOException | org.eclipse.californium.elements.exception.ConnectorException e) {
            return null;
        }
    }

    private org.eclipse.californium.core.CoapClient rpkClient(KeyPair keys) {
        return client(DtlsConnectorConfig.builder(configuration())
                .setCertificateIdentityProvider(new SingleCertificateProvider(keys.getPrivate(), keys.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new org.eclipse.californium.elements.auth.RawPublicKeyIdentity(
                                gateway.getPublic()))
                        .build()));
    }

    private org.eclipse.californium.core.CoapClient x509Client(String name) throws Exception {
        List<java.security.cert.X509Certificate> chain =
                PemCredentials.certificates(pki.resolve(name + ".pem").toString(), name);
        return client(DtlsConnectorConfig.builder(configuration())
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        PemCredentials.privateKey(pki.resolve(name + ".key").toString(), name),
                        chain.toArray(new java.security.cert.X509Certificate[0]), CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(PemCredentials.certificates(pki.resolve("ca.pem").toString(), "ca")
                                .toArray(new java.security.cert.X509Certificate[0]))
                        .build()));
    }

    private static Configuration configuration() {
        DtlsConfig.register();
        Configuration configuration = Configuration.createStandardWithoutFile();
        // the gateway is reached by address; its certificate names the gateway, not 127.0.0.1
        configuration.set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false);
        return configuration;
    }

    private org.eclipse.californium.core.CoapClient client(DtlsConnectorConfig.Builder builder) {
        DtlsConnectorConfig config = builder.setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY).build();
        org.eclipse.californium.core.CoapClient client = new org.eclipse.californium.core.CoapClient();
        client.setEndpoint(new CoapEndpoint.Builder().setConnector(new DTLSConnector(config))
                .setConfiguration(config.getConfiguration()).build());
        clients.add(client);
        return client;
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String privatePem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
