package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's wall clock steps back an hour and then forward two hours while a sensor posts readings without a time
 * of their own, the real runtime running as a child process under libfaketime (only {@code CLOCK_REALTIME} faked,
 * its offset read from a file the test rewrites; the monotonic clock runs true, as it does through an NTP step). The
 * clock bundle asks {@code timedatectl} whether the kernel is synchronised; the test puts its own {@code timedatectl}
 * first on the gateway's {@code PATH} (there is no systemd here), which answers what the test says and can be held
 * mid-probe, so that "until a probe confirms" is a moment the test chooses rather than a race.
 *
 * <p>Invariants: every acknowledged reading reaches the platform, by id, once (plus at most once for the one cut of
 * the broker link), in the order the gateway accepted it; each carries the time the stepped clock showed and
 * {@code unsync} from the step until a probe confirmed the clock; the health message counts both steps; and readings
 * that waited in the outbox across the steps (the link is cut meanwhile, {@code max.age.seconds} = 600) do not
 * expire, because the outbox ages them on the monotonic clock, not by a wall clock that jumped two hours.
 *
 * <p>Needs libfaketime (Debian/Ubuntu package {@code libfaketime}, which {@code ./cityhub test} installs as root);
 * without it the test fails and says so.
 */
class ClockJumpIT {

    /** Readings per segment of the scenario. */
    private static final int PER_SEGMENT = 4;
    /** The readings the forwarder sends: one SenML record each, with value, time, id and clock quality. */
    private static final Pattern RECORD = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern FIELD = Pattern.compile("\"(v|t|rid|clk)\":\"?([^\",}]*)\"?");
    private static final Pattern CLOCK_SECTION = Pattern.compile("\"clock\":(\\{[^{}]*\\})");
    private static final String SYNCHRONISED_BY_PROBE = "gateway clock is now SYNCHRONISED (source timedatectl)";
    private static final String SENSOR = "clock-jump";
    /** How long one step may take on a loaded machine, where libfaketime slows the JVM most (RESULTS.md). */
    private static final Duration LOADED = Duration.ofSeconds(120);
    /** How long the gateway may take to start under libfaketime on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(300);

    @TempDir
    Path work;

    private final Queue<PlatformStandIn.Received> received = new ConcurrentLinkedQueue<>();
    private final List<Posted> posted = new ArrayList<>();
    private Path offsetFile;
    private Path ntpFile;
    private Path holdFile;
    private Path heldFile;

    /** One acknowledged reading: its value, when the test sent it, the clock offset then and the expected quality. */
    private record Posted(int value, Instant sentAt, Duration offset, String clk) {
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void readingsKeepTheirOrderAndCarryClockQualityWhileTheWallClockStepsBackAndForward() throws Exception {
        Path faketime = Faketime.library();
        // given a gateway under libfaketime whose wall clock shows the true time, probing the clock every second,
        // publishing health every second, keeping readings in the outbox for at most 10 minutes
        GatewayFixture fixture = new GatewayFixture(work, Map.of("status.interval.seconds", "1",
                "reconnect.min.millis", "200", "reconnect.max.millis", "1000"));
        Map<String, DemoSnapshot.Value> clock = Map.of(
                "probe.interval.seconds", new DemoSnapshot.Value(null, "1"),
                "probe.timeout.millis", new DemoSnapshot.Value(null, "30000"));
        Map<String, DemoSnapshot.Value> outbox = Map.of("max.age.seconds", new DemoSnapshot.Value(null, "600"));
        DemoSnapshot.deriveTyped(fixture.snapshot, fixture.snapshot, Map.of("io.cityhub.clock", clock,
                "io.cityhub.buffer.mapdb.MapDbReadingBuffer", outbox));
        offsetFile = work.resolve("faketime.rc");
        ntpFile = work.resolve("ntp-synchronized");
        holdFile = work.resolve("hold-probe");
        heldFile = work.resolve("probe-held");
        setOffset("+0");
        setNtpSynchronised(true);
        Path bin = timedatectl();
        Map<String, String> environment = Map.of(
                "LD_PRELOAD", faketime.toString(),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_NO_CACHE", "1",
                // Debian's 0.9.10 is built with the monotonic fix, which makes the JVM's timed waits on the monotonic
                // clock return at once: threads spin and timeouts fire early (an MQTT connect "timed out" in 70 ms)
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                "PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

        try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", received::add);
                CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                GatewayProcess gateway = GatewayProcess.start(fixture.runtimeJar(), work, fixture.snapshot,
                        Map.of(), null, environment);
                SimulatedSensor sensor = fixture.sensor(SENSOR)) {
            try {
                awaitLogged(gateway, SYNCHRONISED_BY_PROBE, 1, START);

                // when the sensor posts while the clock is true and synchronised ...
                postSegment(sensor, Duration.ZERO, "sync");
                await("the first readings reach the platform").atMost(LOADED).pollInterval(Duration.ofMillis(200))
                        .until(() -> firstCopies().size() == posted.size());
                // ... then the broker link is cut, so that what follows waits in the outbox across both steps
                link.cut();

                // ... a technician sets the clock back an hour by hand (the kernel reports it unsynchronised) ...
                setNtpSynchronised(false);
                setOffset("-1h");
                awaitLogged(gateway, "gateway wall clock stepped back by PT", 1);
                postSegment(sensor, Duration.ofHours(-1), "unsync");
                // ... until NTP has the clock again: the probe says synchronised, with the clock as it now is
                setNtpSynchronised(true);
                awaitLogged(gateway, SYNCHRONISED_BY_PROBE, 2);
                postSegment(sensor, Duration.ofHours(-1), "sync");

                // ... then NTP steps the clock forward two hours and the kernel reports synchronised all along:
                // readings stamped before the next probe has answered are still unsync (the probe is held meanwhile)
                holdProbe();
                setOffset("+1h");
                postSegment(sensor, Duration.ofHours(1), "unsync");
                releaseProbe();
                awaitLogged(gateway, SYNCHRONISED_BY_PROBE, 3);
                postSegment(sensor, Duration.ofHours(1), "sync");
                link.restore();

                // then every acknowledged reading arrives, in the order accepted, with its stepped time and its quality
                List<Map<String, String>> first = new ArrayList<>();
                await("every acknowledged reading reaches the platform").atMost(LOADED)
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                            first.clear();
                            first.addAll(firstCopies());
                            assertThat(first).hasSize(posted.size());
                        });
                assertThat(first).extracting(r -> (int) Double.parseDouble(r.get("v"))).as("values in order of arrival")
                        .containsExactlyElementsOf(posted.stream().map(Posted::value).toList());
                assertThat(first).extracting(r -> r.get("rid")).as("reading ids").doesNotHaveDuplicates();
                for (int i = 0; i < posted.size(); i++) {
                    Posted p = posted.get(i);
                    Map<String, String> r = first.get(i);
                    assertThat(r.get("clk")).as("clock quality of reading %d", p.value()).isEqualTo(p.clk());
                    double expected = seconds(p.sentAt().plus(p.offset()));
                    assertThat(Math.abs(Double.parseDouble(r.get("t")) - expected))
                            .as("time of reading %d against the true time %s plus the clock's offset %s", p.value(),
                                    p.sentAt(), p.offset())
                            .isLessThan(60.0);
                }
                assertThat(mostCopies()).as("copies of one reading: one, plus at most one for the cut link")
                        .isLessThanOrEqualTo(2);

                // and the health message reports both steps, the last one forward by two hours, and the clock confirmed
                await("the health message reports two steps").atMost(LOADED).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            Map<String, String> health = lastClockHealth();
                            assertThat(health).containsEntry("steps", "2").containsEntry("quality", "SYNCHRONISED")
                                    .containsEntry("source", "timedatectl");
                            assertThat(Duration.parse(health.get("lastStep")).minus(Duration.ofHours(2)).abs())
                                    .as("last step %s", health.get("lastStep")).isLessThan(Duration.ofSeconds(30));
                        });
                assertThat(gateway.logText()).as("the outbox dropped nothing (max.age.seconds, a full store)")
                        .doesNotContain("Outbox started dropping readings");
                assertThat(gateway.isAlive()).isTrue();
            } catch (AssertionError | ConditionTimeoutException e) {
                // the work directory goes with the test: keep what the gateway said in the report
                throw new AssertionError(e.getMessage() + "\n--- gateway log, last lines ---\n" + tail(gateway), e);
            }
        }
    }

    private static String tail(GatewayProcess gateway) throws IOException {
        List<String> lines = gateway.logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Posts {@link #PER_SEGMENT} readings without a time; the first may have to wait for the gateway to listen. */
    private void postSegment(SimulatedSensor sensor, Duration offset, String clk) {
        for (int i = 0; i < PER_SEGMENT; i++) {
            int value = posted.size();
            String pack = "[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":" + value + "}]";
            Instant[] sentAt = new Instant[1];
            await("reading " + value + " acknowledged").atMost(LOADED).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                        sentAt[0] = Instant.now();
                        SimulatedSensor.Answer answer = sensor.postRaw(pack, 110);
                        return answer != null && answer.accepted();
                    });
            posted.add(new Posted(value, sentAt[0], offset, clk));
        }
    }

    /** The sensor's records at the platform in order of arrival, the first copy of each value only. */
    private List<Map<String, String>> firstCopies() {
        Map<String, Map<String, String>> first = new LinkedHashMap<>();
        for (Map<String, String> record : records()) {
            first.putIfAbsent(record.get("v"), record);
        }
        return new ArrayList<>(first.values());
    }

    private int mostCopies() {
        Map<String, Integer> copies = new HashMap<>();
        for (Map<String, String> record : records()) {
            copies.merge(record.get("rid"), 1, Integer::sum);
        }
        return copies.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private List<Map<String, String>> records() {
        List<Map<String, String>> records = new ArrayList<>();
        for (PlatformStandIn.Received m : received) {
            if (!m.topic().endsWith("/telemetry/" + SENSOR)) {
                continue;
            }
            Matcher r = RECORD.matcher(m.text());
            while (r.find()) {
                Map<String, String> record = fields(r.group(), FIELD);
                if (record.containsKey("v")) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The clock section of the newest health message; empty before any. */
    private Map<String, String> lastClockHealth() {
        Map<String, String> last = Map.of();
        for (PlatformStandIn.Received m : received) {
            Matcher section = CLOCK_SECTION.matcher(m.text());
            if (m.topic().endsWith("/health") && section.find()) {
                last = fields(section.group(1), Pattern.compile("\"(\\w+)\":\"?([^\",}]*)\"?"));
            }
        }
        return last;
    }

    private static Map<String, String> fields(String json, Pattern field) {
        Map<String, String> fields = new HashMap<>();
        Matcher f = field.matcher(json);
        while (f.find()) {
            fields.put(f.group(1), f.group(2));
        }
        return fields;
    }

    private static void awaitLogged(GatewayProcess gateway, String line, int times) {
        awaitLogged(gateway, line, times, LOADED);
    }

    private static void awaitLogged(GatewayProcess gateway, String line, int times, Duration atMost) {
        await("the gateway logs '" + line + "' " + times + " time(s)").atMost(atMost)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(gateway.isAlive()).as("gateway running (log %s)", gateway.log()).isTrue();
                    return count(gateway.logText(), line) >= times;
                });
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Rewrites libfaketime's offset in one rename, so that it never reads a half-written file (an offset of 0). */
    private void setOffset(String offset) throws IOException {
        writeAtomically(offsetFile, offset + "\n");
    }

    private void setNtpSynchronised(boolean synchronised) throws IOException {
        writeAtomically(ntpFile, synchronised ? "yes\n" : "no\n");
    }

    /** Makes the next probe wait inside timedatectl, and returns once one does. */
    private void holdProbe() throws IOException {
        Files.deleteIfExists(heldFile);
        Files.writeString(holdFile, "");
        await("a clock probe is held").atMost(LOADED).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(heldFile));
    }

    private void releaseProbe() throws IOException {
        Files.delete(holdFile);
    }

    private void writeAtomically(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text, StandardCharsets.US_ASCII);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A {@code timedatectl} that answers {@code show -p NTPSynchronized --value} with what the test wrote, and waits
     * while the test holds the probe (marking that it does).
     */
    private Path timedatectl() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path script = bin.resolve("timedatectl");
        Files.writeString(script, "#!/bin/sh\n"
                + "# stands in for systemd's timedatectl in ClockJumpIT\n"
                + "while [ -e '" + holdFile + "' ]; do : > '" + heldFile + "'; sleep 0.1; done\n"
                + "cat '" + ntpFile + "'\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static double seconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    /** Where libfaketime's multi-threaded library is, or a failure that says what to install. */
    static final class Faketime {

        private static final List<Path> DIRECTORIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/faketime"),
                Path.of("/usr/lib/aarch64-linux-gnu/faketime"), Path.of("/usr/lib/arm-linux-gnueabihf/faketime"),
                Path.of("/usr/lib/faketime"), Path.of("/usr/local/lib/faketime"));

        private Faketime() {
        }

        static Path library() {
            for (Path directory : DIRECTORIES) {
                Path library = directory.resolve("libfaketimeMT.so.1");
                if (Files.isReadable(library)) {
                    return library;
                }
            }
            throw new AssertionError("libfaketime is not installed (looked for libfaketimeMT.so.1 in " + DIRECTORIES
                    + "): install the Debian/Ubuntu package libfaketime (apt-get install libfaketime); "
                    + "./cityhub test installs it when run as root");
        }
    }
}
