package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Issue 7 item 4 with an independent client: libcoap's {@code coap-client-notls} (Debian {@code libcoap3-bin})
 * posts 1, 3, 4 and 5 KB to the component on loopback. libcoap 4.3 sends bodies above 1 KB block-wise (RFC 7959)
 * on its own. The binary must be there: without it this test fails, unless the build is run with
 * {@code -Dcityhub.test.libcoap=skip}.
 */
@Timeout(120)
class LibcoapClientTest {

    private static final String OPT_OUT = "cityhub.test.libcoap";

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;
    private Path client;

    @BeforeEach
    void findClient() {
        Assumptions.assumeFalse("skip".equals(System.getProperty(OPT_OUT)),
                "libcoap interop test skipped on request (-D" + OPT_OUT + "=skip)");
        client = locate("coap-client-notls");
        assertThat(client)
                .as("coap-client-notls is not installed: apt-get install libcoap3-bin (./cityhub test installs"
                        + " it), or run with -D" + OPT_OUT + "=skip to leave this test out")
                .isNotNull();
    }

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void answersLibcoapAt1To4KbAndRefuses5KbWithSize1(@TempDir Path dir) throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.options(), fixture.ingest, fixture.clock);

        for (int kb = 1; kb <= 4; kb++) {
            List<String> out = post(dir, kb);
            assertThat(out).as("%d KB", kb).anySatisfy(line -> assertThat(line).startsWith("accepted=1 "));
        }
        List<String> refused = post(dir, 5);

        // at verbosity 6 libcoap logs each PDU, e.g. "v:1 t:ACK c:4.13 i:... [ Size1:4096 ]"
        assertThat(refused).as("5 KB").anySatisfy(line -> assertThat(line).contains("c:4.13").contains("Size1:4096"));
        assertThat(fixture.buffer.durable).hasSize(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.health())
                .containsEntry("responses.2.04", 4L).containsEntry("responses.4.13", 1L));
    }

    private List<String> post(Path dir, int kb) throws IOException, InterruptedException {
        Path body = dir.resolve(kb + "k.json");
        Files.write(body, LoopbackFixture.senmlOfSize(kb * 1024));
        Path output = dir.resolve(kb + "k.out");
        Process process = new ProcessBuilder(client.toString(), "-v", "6", "-m", "post", "-t", "110",
                "-f", body.toString(), "-B", "20", LoopbackFixture.uri(server, "/readings/libcoap-" + kb))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("coap-client-notls did not finish within 60 s for " + kb + " KB");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(output, StandardCharsets.UTF_8));
        assertThat(process.exitValue()).as("exit status for %d KB; output %s", kb, lines).isZero();
        return lines;
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
