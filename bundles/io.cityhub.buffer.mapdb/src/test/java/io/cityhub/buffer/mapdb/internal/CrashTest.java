package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Kills a writing, delivering child JVM with SIGKILL at random moments and checks after each kill that every
 * append the child saw acknowledged is in the store or was delivered, that every stored reading is intact, and that
 * the store opens without manual repair. The store carries over from round to round, so later rounds also reopen
 * after many kills. MapDB 3.1.0 itself sometimes cannot reopen its file after a kill; the outbox then salvages the
 * intact chunks automatically (counted in {@code recoveries}), and the assertions must hold all the same.
 */
class CrashTest {

    private static final int ROUNDS = 20;
    private static final Pattern LINE = Pattern.compile("[AD] [0-9a-f]{32}");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
        Random random = new Random(20261127);
        long totalAcknowledged = 0;
        long recoveries = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            AtomicReference<IOException> readFailure = new AtomicReference<>();
            Process child = start(round);
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> read(child, ready, acknowledged, delivered, readFailure), "crash-reader");
            reader.start();
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("child %d opened the store", round).isTrue();
            // random moment: sometimes mid-startup of the appenders, mostly mid-stream
            assertThat(child.waitFor(50 + random.nextInt(700), TimeUnit.MILLISECONDS))
                    .as("child still running")
                    .isFalse();
            // SIGKILL through the handle: Process.destroyForcibly() also closes our end of the child's stdout, and
            // the lines still in the pipe (D lines of readings the child then acknowledged) were lost with it
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the record is complete only once the reader has read the pipe to its end
            reader.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(reader.isAlive()).as("round %d: the child's output read to its end", round).isFalse();
            assertThat(readFailure.get()).as("round %d: the child's output read without error", round).isNull();
            Set<String> acknowledgedAndNotDelivered = new HashSet<>(acknowledged);
            acknowledgedAndNotDelivered.removeAll(delivered);
            Set<String> present = new HashSet<>();
            recoveries += verifyStore(present);
            assertThat(present).as("round %d: acknowledged appends present or delivered", round)
                    .containsAll(acknowledgedAndNotDelivered);
            totalAcknowledged += acknowledged.size();
        }
        assertThat(totalAcknowledged).as("the children did acknowledge appends").isPositive();
        LoggerFactory.getLogger(CrashTest.class).info("{} rounds, {} acknowledged appends, {} store salvages",
                ROUNDS, totalAcknowledged, recoveries);
    }

    private Process start(int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dir.resolve("store").toString(), Integer.toString(round))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void read(Process child, CountDownLatch ready, Set<String> acknowledged, Set<String> delivered,
            AtomicReference<IOException> failure) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (LINE.matcher(line).matches()) { // a line cut by the kill does not match
                    (line.charAt(0) == 'A' ? acknowledged : delivered).add(line.substring(2));
                }
            }
        } catch (IOException e) {
            // the child's death is an end of file, not an error: anything else leaves the record incomplete
            failure.set(e);
        }
    }

    /** Opens the store as the gateway would after a power cut, reads everything, and gives it back unacknowledged. */
    private long verifyStore(Set<String> ids) throws InterruptedException {
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(BufferOptions.defaults(dir.resolve("store")),
                Clock.systemUTC(), () -> Long.MAX_VALUE);
        try {
            Optional<Batch> batch;
            while ((batch = buffer.take(10_000, Duration.ZERO)).isPresent()) {
                List<Reading> readings = batch.get().readings();
                readings.forEach(r -> assertThat(r.id()).isEqualTo(CrashWriter.ReadingIdsFor.id(
                        r.sensorId().substring("crash-".length()), r.timestamp().getNano())));
                readings.forEach(r -> ids.add(r.id()));
            }
            assertThat(buffer.metrics().drops()).as("nothing unreadable").isEmpty();
            return buffer.metrics().recoveries();
        } finally {
            buffer.deactivate(); // batches are not acknowledged: everything stays for the next round
        }
    }
}
