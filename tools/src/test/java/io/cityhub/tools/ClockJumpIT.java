package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock of the running gateway steps backwards and forwards, as when NTP or a technician corrects a clock
 * that was wrong since boot, while a sensor posts readings without a time of its own (the gateway stamps them):
 * every acknowledged reading arrives, in the order the gateway accepted it, each with its clock quality, and each
 * stamped with the clock as it was. The clock jumps through libfaketime (Debian package {@code libfaketime},
 * preloaded into the gateway's JVM only, the monotonic clock left alone), so the runtime needs no test hook; a
 * machine without it fails the test and says what to install.
 */
class ClockJumpIT {

    /** Where Debian's {@code libfaketime} puts the library (amd64, arm64 as on a Pi). */
    private static final Path LIBFAKETIME = Stream.of("x86_64", "aarch64")
            .map(arch -> Path.of("/usr/lib/" + arch + "-linux-gnu/faketime/libfaketimeMT.so.1"))
            .filter(Files::isRegularFile).findFirst()
            .orElse(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"));
    private static final String SENSOR = "clock-probe";
    private static final int PER_PHASE = 15;
    /** Pattern of one SenML record the forwarder sends: value, time and clock quality. */
    private static final Pattern RECORD = Pattern.compile("\\{[^{}]*\"v\":([0-9.]+)[^{}]*\\}");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void readingsKeepTheirOrderAndClockQualityWhileTheClockJumpsBackAndForth() throws Exception {
        assertThat(LIBFAKETIME).as("libfaketime makes the gateway's clock jump: apt-get install libfaketime")
                .isRegularFile();
        GatewayFixture fixture = new GatewayFixture(work.resolve("gateway"));
        Path offset = work.resolve("clock-offset");
        Files.writeString(offset, "+0\n", StandardCharsets.US_ASCII);
        Map<String, String> environment = Map.of(
                "LD_PRELOAD", LIBFAKETIME.toString(),
                "FAKETIME_TIMESTAMP_FILE", offset.toString(),
                "FAKETIME_CACHE_DURATION", "1", // the file is read again at most once a second
                "DONT_FAKE_MONOTONIC", "1", // a clock step moves the wall clock only, as NTP's step does
                "NO_FAKE_STAT", "1");
        Arrivals arrivals = new Arrivals();
        try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", arrivals);
                CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                GatewayProcess gateway = GatewayProcess.startWithEnvironment(fixture.runtimeJar(), fixture.workDir,
                        fixture.snapshot, Map.of(), environment);
                SimulatedSensor sensor = fixture.sensor(SENSOR)) {
            // given readings accepted on the clock as it was at start
            Instant before = Instant.now();
            post(sensor, 0);

            // when the clock steps back an hour, then (with the platform out of reach) two days forward
            Files.writeString(offset, "-3600\n", StandardCharsets.US_ASCII);
            await().pollDelay(Duration.ofMillis(2_500)).until(() -> true);
            post(sensor, PER_PHASE);
            link.cut();
            Files.writeString(offset, "+172800\n", StandardCharsets.US_ASCII);
            await().pollDelay(Duration.ofMillis(2_500)).until(() -> true);
            post(sensor, 2 * PER_PHASE);
            link.restore();

            // then every reading arrives, in the order the gateway accepted them, each with its clock quality
            await("every acknowledged reading arrives").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(arrivals.firstCopies()).hasSize(3 * PER_PHASE));
            List<Arrival> first = arrivals.firstCopies();
            assertThat(first).extracting(Arrival::value).as("order of arrival")
                    .isSorted().doesNotHaveDuplicates();
            assertThat(first).allSatisfy(a -> assertThat(a.clock()).as("clock quality of %s", a)
                    .isIn("sync", "unsync", "est"));
            assertThat(first).extracting(Arrival::id).as("reading ids").doesNotHaveDuplicates();
            // each stamped by the clock as it was: the jump is visible, not hidden
            Instant startPhase = first.get(0).time();
            Instant backPhase = first.get(PER_PHASE).time();
            Instant forwardPhase = first.get(2 * PER_PHASE).time();
            assertThat(startPhase).isBetween(before.minusSeconds(5), before.plusSeconds(120));
            assertThat(Duration.between(startPhase, backPhase)).isNegative()
                    .isGreaterThan(Duration.ofMinutes(-61));
            assertThat(forwardPhase).isAfter(before.plus(Duration.ofDays(2)));
            assertThat(gateway.isAlive()).isTrue();
        }
    }

    /** Posts {@value #PER_PHASE} readings without a time (the gateway stamps them), values from {@code first}. */
    private static void post(SimulatedSensor sensor, int first) {
        for (int i = first; i < first + PER_PHASE; i++) {
            String pack = "[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":" + i + "}]";
            await("reading " + i + " acknowledged").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        SimulatedSensor.Answer answer = sensor.postRaw(pack, MediaTypeRegistry.APPLICATION_SENML_JSON);
                        return answer != null && answer.accepted();
                    });
        }
    }

    /** One reading as it arrived. */
    private record Arrival(int value, Instant time, String clock, String id) {
    }

    /** The platform's side: the sensor's readings in order of arrival, first copy of each value only. */
    private static final class Arrivals implements Consumer<PlatformStandIn.Received> {

        private final List<Arrival> arrived = new CopyOnWriteArrayList<>();

        @Override
        public void accept(PlatformStandIn.Received message) {
            if (!message.topic().endsWith("/telemetry/" + SENSOR)) {
                return;
            }
            Matcher m = RECORD.matcher(message.text());
            while (m.find()) {
                String record = m.group();
                arrived.add(new Arrival((int) Double.parseDouble(m.group(1)), time(record), field(record, "clk"),
                        field(record, "rid")));
            }
        }

        List<Arrival> firstCopies() {
            List<Arrival> first = new ArrayList<>();
            for (Arrival a : arrived) {
                if (first.stream().noneMatch(f -> f.value() == a.value())) {
                    first.add(a);
                }
            }
            return first;
        }

        private static Instant time(String record) {
            Matcher t = Pattern.compile("\"t\":([0-9.Ee+-]+)").matcher(record);
            if (!t.find()) {
                return Instant.EPOCH;
            }
            double seconds = Double.parseDouble(t.group(1));
            return Instant.ofEpochMilli(Math.round(seconds * 1000));
        }

        private static String field(String record, String name) {
            Matcher f = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(record);
            return f.find() ? f.group(1) : null;
        }
    }
}
