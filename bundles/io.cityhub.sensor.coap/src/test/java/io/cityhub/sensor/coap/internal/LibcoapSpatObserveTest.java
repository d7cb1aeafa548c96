package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A roadside app's view with an independent client: libcoap's {@code coap-client-notls -s <seconds>} observes
 * {@code /spat/<intersection>} (RFC 7641) on loopback and prints every notification. Like {@link LibcoapClientTest},
 * the binary must be installed (Debian {@code libcoap3-bin}) unless the build runs with
 * {@code -Dcityhub.test.libcoap=skip}.
 */
@Timeout(120)
class LibcoapSpatObserveTest {

    private static final String OPT_OUT = "cityhub.test.libcoap";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;
    private Path client;
    private Process process;

    @BeforeEach
    void findClient() {
        Assumptions.assumeFalse("skip".equals(System.getProperty(OPT_OUT)),
                "libcoap interop test skipped on request (-D" + OPT_OUT + "=skip)");
        client = Path.of("/usr/bin/coap-client-notls");
        assertThat(Files.isExecutable(client))
                .as("coap-client-notls is not installed: apt-get install libcoap3-bin (./cityhub test installs"
                        + " it), or run with -D" + OPT_OUT + "=skip to leave this test out")
                .isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void libcoapObservingAnIntersectionHearsEveryChange(@TempDir Path dir) throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.options(), fixture.ingest, fixture.clock);
        // stored at once (only the notification of observers is handed to another thread)
        server.signalTiming(SpatResourceTest.timing("t-junction", 0));

        Path output = dir.resolve("observe.out");
        // -s 60: observe for up to a minute; the test ends the client as soon as it has heard everything
        process = new ProcessBuilder(client.toString(), "-s", "60", "-m", "get",
                LoopbackFixture.uri(server, "/spat/t-junction"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await().atMost(TIMEOUT).until(() -> read(output).contains(SpatResourceTest.timing("t-junction", 0).toJson()));

        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String json = SpatResourceTest.timing("t-junction", i * 10).toJson();
            server.signalTiming(SpatResourceTest.timing("t-junction", i * 10));
            sent.add(json);
            await().atMost(TIMEOUT).until(() -> read(output).contains(json));
        }

        String heard = read(output);
        int at = 0;
        for (String json : sent) {
            int next = heard.indexOf(json, at);
            assertThat(next).as("notification %s in order in %s", json, heard).isGreaterThanOrEqualTo(at);
            at = next + json.length();
        }
        assertThat(process.isAlive()).as("still observing, not ended by an error").isTrue();
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
