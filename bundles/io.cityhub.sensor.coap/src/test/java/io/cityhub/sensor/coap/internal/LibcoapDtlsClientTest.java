package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with an independent client: libcoap's {@code coap-client-openssl} (Debian {@code libcoap3-bin}, OpenSSL's
 * DTLS 1.2) handshakes with a pre-shared key ({@code -u IDENTITY -k KEY}) and posts; a wrong key gets no session,
 * another sensor's path 4.03. {@code coap-client-notls} posts a text/plain number. Both binaries must be there:
 * without them this test fails, unless the build is run with {@code -Dcityhub.test.libcoap=skip}.
 */
@Timeout(120)
class LibcoapDtlsClientTest {

    private static final String OPT_OUT = "cityhub.test.libcoap";
    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;
    private Path openssl;
    private Path notls;

    @BeforeEach
    void findClients() {
        Assumptions.assumeFalse("skip".equals(System.getProperty(OPT_OUT)),
                "libcoap interop test skipped on request (-D" + OPT_OUT + "=skip)");
        openssl = locate("coap-client-openssl");
        notls = locate("coap-client-notls");
        assertThat(openssl).as("coap-client-openssl is not installed: apt-get install libcoap3-bin (./cityhub test"
                + " installs it), or run with -D" + OPT_OUT + "=skip to leave this test out").isNotNull();
        assertThat(notls).as("coap-client-notls is not installed: apt-get install libcoap3-bin").isNotNull();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true), fixture.ingest);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
        server.addDevice(TestDevices.plain("probe-1", "", "temperature", "Cel", 0));
    }

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void postsOverDtlsWithItsPreSharedKey(@TempDir Path dir) throws Exception {
        List<String> out = run(dir, openssl, "-u", "serial-0007", "-k", "correct horse battery", "-m", "post",
                "-t", "110", "-e", SENML, DtlsClients.uri(server, "/readings"));

        assertThat(out).anySatisfy(line -> assertThat(line).startsWith("accepted=1 "));
        assertThat(fixture.buffer.durable()).singleElement().extracting(Reading::sensorId).isEqualTo("meter-7");
    }

    @Test
    void aWrongKeyGetsNoSessionAndAnotherSensorsPath403(@TempDir Path dir) throws Exception {
        List<String> wrongKey = run(dir, openssl, "-u", "serial-0007", "-k", "incorrect horse battery", "-m", "post",
                "-t", "110", "-e", SENML, DtlsClients.uri(server, "/readings"));
        List<String> asOther = run(dir, openssl, "-v", "6", "-u", "serial-0007", "-k", "correct horse battery",
                "-m", "post", "-t", "110", "-e", SENML, DtlsClients.uri(server, "/readings/meter-8"));

        assertThat(wrongKey).noneSatisfy(line -> assertThat(line).contains("accepted="));
        assertThat(asOther).anySatisfy(line -> assertThat(line).contains("c:4.03"));
        assertThat(fixture.buffer.durable()).isEmpty();
        assertThat(server.health()).containsEntry("dtls.handshakes", 1L);
    }

    @Test
    void postsATextNumberOverPlainCoap(@TempDir Path dir) throws Exception {
        List<String> out = run(dir, notls, "-m", "post", "-t", "0", "-e", "17.25",
                LoopbackFixture.uri(server, "/readings/probe-1"));

        assertThat(out).anySatisfy(line -> assertThat(line).startsWith("accepted=1 "));
        assertThat(fixture.buffer.durable()).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("temperature");
            assertThat(r.value()).isEqualTo(ReadingValue.of(17.25));
        });
    }

    private static List<String> run(Path dir, Path client, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(client.toString(), "-B", "10"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(dir, "libcoap", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(client.getFileName() + " did not finish within 60 s: " + command);
        }
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    private static Path locate(String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
