package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends to a real MapDB outbox ({@link MapDbReadingBuffer} with the metatype defaults, except no size or age
 * limit so nothing is dropped) in a fresh temporary directory, durable commit included: one operation submits
 * {@code inFlight} appends of {@code batch} readings each and waits until every one of them completed, i.e. until
 * the commit that holds them returned. With {@code inFlight} 1 every operation is one commit; with more, the writer's
 * natural group commit puts the appends that arrive during a commit into the next one. The secondary metric
 * {@code readings} is readings made durable per second. The readings are {@link OutboxBenchmark}'s typical LoRa
 * telemetry readings, made beforehand; the outbox encodes them during {@code append}, as it does in the gateway.
 *
 * <p>The store lives under {@code java.io.tmpdir} unless {@code -Dcityhub.outbox.dir=DIR} names a directory (so
 * that the disk measured is the one meant); it is deleted after each trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
public class OutboxAppendBenchmark {

    private static final int POOL = 1 << 16;

    /** Readings per append: one sensor reading, a CoAP or LoRa frame of a multi-sensor device, a gateway batch. */
    @Param({"1", "100"})
    public int batch;

    /** Appends submitted at once before waiting for all of them. */
    @Param({"1", "16"})
    public int inFlight;

    private Path dir;
    private MapDbReadingBuffer buffer;
    private List<List<Reading>> batches;
    private int next;

    /** Readings made durable, reported by JMH per second beside the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Durable {
        public long readings;

        @Setup(Level.Iteration)
        public void reset() {
            readings = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        String parent = System.getProperty("cityhub.outbox.dir");
        dir = parent == null ? Files.createTempDirectory("outbox-jmh")
                : Files.createTempDirectory(Files.createDirectories(Path.of(parent)), "outbox-jmh");
        BufferOptions defaults = BufferOptions.defaults(dir.resolve("outbox"));
        BufferOptions options = defaults.withMaxBytes(8L << 30).withMaxAge(Duration.ZERO);
        // null probe: the real file system's free space, as deployed
        buffer = new MapDbReadingBuffer(options, Clock.systemUTC(), null);
        Reading[] pool = new Reading[POOL];
        for (int i = 0; i < POOL; i++) {
            pool[i] = OutboxBenchmark.reading(i);
        }
        List<Reading> all = List.of(pool);
        batches = new ArrayList<>();
        for (int i = 0; i + batch <= POOL; i += batch) {
            batches.add(all.subList(i, i + batch));
        }
        System.err.println("outbox in " + dir + ": " + options);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        long pending = buffer.metrics().pendingCount();
        buffer.deactivate();
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                Files.delete(p);
            }
        }
        System.err.printf("%n%d readings pending at the end, %.1f bytes on disk per reading%n", pending,
                bytes / (double) pending);
    }

    @Benchmark
    public int append(Durable durable) {
        CompletableFuture<?>[] appends = new CompletableFuture<?>[inFlight];
        for (int i = 0; i < inFlight; i++) {
            appends[i] = buffer.append(batches.get(next)).toCompletableFuture();
            next = next + 1 == batches.size() ? 0 : next + 1;
        }
        // join throws if any append failed: a failed append is a broken benchmark, not a figure
        CompletableFuture.allOf(appends).join();
        durable.readings += (long) inFlight * batch;
        return appends.length;
    }
}
