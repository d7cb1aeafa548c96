package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.UDPConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with an independent client: libcoap's {@code coap-client-openssl} (Debian {@code libcoap3-bin}, OpenSSL's
 * DTLS 1.2) handshakes with an X.509 certificate ({@code -c CERT -j KEY -C CA}) and posts. The installed libcoap
 * 4.3.1 with OpenSSL has no raw-public-key support ({@code -h} says "no RPK support"), so raw public keys are tested
 * with Scandium clients only ({@link CoapsCertificateTest}). The binary must be there: without it this test fails,
 * unless the build is run with {@code -Dcityhub.test.libcoap=skip}.
 */
@Timeout(120)
class LibcoapDtlsCertificateTest {

    private static final String OPT_OUT = "cityhub.test.libcoap";
    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";

    @TempDir
    static Path pki;

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;
    private Path openssl;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestPki.create(pki);
    }

    @BeforeEach
    void start() {
        Assumptions.assumeFalse("skip".equals(System.getProperty(OPT_OUT)),
                "libcoap interop test skipped on request (-D" + OPT_OUT + "=skip)");
        openssl = Path.of("/usr/bin/coap-client-openssl");
        assertThat(Files.isExecutable(openssl)).as("coap-client-openssl is not installed: apt-get install"
                + " libcoap3-bin (./cityhub test installs it), or run with -D" + OPT_OUT + "=skip").isTrue();
        DtlsCertificates certificates = DtlsCertificates.from("enc:" + pki.resolve("gateway.key"),
                pki.resolve("gateway.pem").toString(), pki.resolve("ca.pem").toString(), TestDevices.CRYPTO);
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true).options(), fixture.ingest,
                Clock.systemUTC(), UDPConnector::new, new DtlsSessions(), certificates, TestDevices.CRYPTO);
        server.addDevice(TestDevices.certificate("meter-9", "O=City,CN=meter-9"));
    }

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void postsOverDtlsWithItsCertificateAndOnlyAsItself(@TempDir Path dir) throws Exception {
        List<String> out = run(dir, "meter-9", "/readings");
        List<String> asOther = run(dir, "meter-9", "/readings/meter-5");

        assertThat(out).anySatisfy(line -> assertThat(line).startsWith("accepted=1 "));
        assertThat(asOther).anySatisfy(line -> assertThat(line).contains("4.03"));
        assertThat(fixture.buffer.durable()).singleElement().extracting(Reading::sensorId).isEqualTo("meter-9");
    }

    @Test
    void aCertificateOfAnotherCaGetsNoSession(@TempDir Path dir) throws Exception {
        List<String> out = run(dir, "forged", "/readings");

        assertThat(out).noneSatisfy(line -> assertThat(line).contains("accepted="));
        assertThat(fixture.buffer.durable()).isEmpty();
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
    }

    private List<String> run(Path dir, String device, String path) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "-B", "10", "-v", "6",
                "-c", pki.resolve(device + ".pem").toString(), "-j", pki.resolve(device + ".key").toString(),
                "-C", pki.resolve("ca.pem").toString(), "-m", "post", "-t", "110", "-e", SENML,
                DtlsClients.uri(server, path)));
        Path output = Files.createTempFile(dir, "libcoap", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("coap-client-openssl did not finish within 60 s: " + command);
        }
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }
}
