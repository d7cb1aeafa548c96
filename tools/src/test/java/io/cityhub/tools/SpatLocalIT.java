package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPaT as a roadside app sees it, from outside the running standalone runtime: the demo's t-junction runs on Pi4J's
 * mock GPIO; mosquitto (the broker the uplink connects to) with {@code mosquitto_sub} subscribed to the SPaT topic,
 * and libcoap's {@code coap-client-notls} observing {@code /spat/t-junction} on the gateway's CoAP port. Needs the
 * Debian packages {@code mosquitto}, {@code mosquitto-clients} and {@code libcoap3-bin} ({@code ./cityhub test}
 * installs them); a missing binary fails the test.
 */
@Timeout(240)
class SpatLocalIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern DOCUMENT = Pattern.compile(
            "\\{\"intersection\":\"t-junction\",\"timeStamp\":\"[^\"]+\",\"movements\":\\[.*?\\]\\}");

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private GatewayProcess gateway;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (gateway != null) {
            gateway.stop(30);
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void mosquittoSubAndLibcoapObserverHearTheTJunctionsSignalTiming() throws Exception {
        for (String binary : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto_sub", "/usr/bin/coap-client-notls")) {
            assertThat(Path.of(binary)).as("%s is needed: apt-get install mosquitto mosquitto-clients libcoap3-bin",
                    binary).isExecutable();
        }
        GatewayFixture fixture = new GatewayFixture(work);
        DemoIntersection.addTo(fixture.snapshot, fixture.repo);
        Path conf = work.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + fixture.brokerPort + " 127.0.0.1\nallow_anonymous true\n",
                StandardCharsets.UTF_8);
        Path brokerLog = work.resolve("mosquitto.log");
        Process broker = start(brokerLog, "/usr/sbin/mosquitto", "-c", conf.toString(), "-v");
        await("mosquitto listens").atMost(TIMEOUT).until(() -> read(brokerLog).contains("Opening ipv4 listen socket"));

        // format: topic, QoS of the delivered message (min of the publish and the subscription QoS 1), payload
        Path subLog = work.resolve("mosquitto_sub.out");
        start(subLog, "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(fixture.brokerPort),
                "-q", "1", "-t", "cityhub/+/spat/#", "-F", "%t %q %r %p", "-C", "3", "-W", "120");
        await("mosquitto_sub subscribed").atMost(TIMEOUT).until(() -> read(brokerLog).contains("SUBSCRIBE"));

        gateway = GatewayProcess.start(fixture.runtimeJar(), work, fixture.snapshot,
                Map.of("cityhub.gpio.provider", "mock", "cityhub.gpio.simulate.toggle.seconds", "3"));

        await("three SPaT messages on the MQTT topic").atMost(TIMEOUT).until(() -> lines(subLog).size() >= 3);
        for (String line : lines(subLog)) {
            assertThat(line).startsWith("cityhub/cityhub-gw/spat/t-junction 0 0 {");
            assertThat(line).containsPattern(DOCUMENT).contains("\"signalGroup\":\"main-east\"")
                    .containsPattern("\"eventState\":\"[a-zA-Z-]+\"");
        }

        Path observeLog = work.resolve("coap-client.out");
        start(observeLog, "/usr/bin/coap-client-notls", "-s", "120", "-m", "get",
                "coap://127.0.0.1:" + fixture.coapPort + "/spat/t-junction");
        await("the observer hears the current timing and two changes").atMost(TIMEOUT)
                .until(() -> documents(read(observeLog)).size() >= 3);
        List<String> heard = documents(read(observeLog));
        assertThat(heard).doesNotHaveDuplicates();
        assertThat(gateway.isAlive()).as("gateway log:%n%s", gateway.logText()).isTrue();
    }

    private Process start(Path output, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        processes.add(p);
        return p;
    }

    private static List<String> documents(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = DOCUMENT.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static List<String> lines(Path file) throws IOException {
        return read(file).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
