package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the MapDB outbox on this machine and prints the figures; asserts nothing. Lives in the bundle's
 * internal package (plain classpath, not OSGi) so it can configure the outbox with {@link BufferOptions}.
 *
 * <p>Arguments (all optional): {@code <work dir> <pending readings for the size run> <appender threads>
 * <seconds per throughput run> <minimum commit interval in ms>}; defaults {@code target/bench 10000000 4 20 0}
 * (0: natural group commit, the product default; e.g. 50 approximates the former fixed 50 ms commit window for a
 * side-by-side comparison).
 */
public final class OutboxBenchmark {

    private final Path work;
    private final Duration commitMinInterval;

    private OutboxBenchmark(Path work, Duration commitMinInterval) {
        this.work = work;
        this.commitMinInterval = commitMinInterval;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench");
        long bigPending = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Duration interval = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 0);
        OutboxBenchmark bench = new OutboxBenchmark(work, interval);
        System.out.printf("java %s, %d cores, %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Instant.now());
        System.out.printf("minimum commit interval: %d ms%s%n", interval.toMillis(),
                interval.isZero() ? " (natural group commit)" : "");
        System.out.printf("encoded reading size: %.1f bytes (mean of the benchmark's readings)%n", encodedSize());
        // 512 appends in flight per thread: fewer than one commit can take
        bench.throughput(threads, 1, 512, seconds, false);
        // 2048 in flight per thread: commits fill up to commit.max.readings (4096)
        bench.throughput(threads, 1, 2048, seconds, false);
        bench.throughput(threads, 10, 512, seconds, false);
        bench.throughput(threads, 1, 2048, seconds, true);
        bench.pendingAndReopen(1_000_000L, bigPending);
    }

    private BufferOptions options(Path dir) {
        BufferOptions defaults = BufferOptions.defaults(dir);
        return defaults.withMaxBytes(8L << 30).withMaxAge(Duration.ZERO)
                .withCommit(commitMinInterval, defaults.commitMaxReadings());
    }

    private MapDbReadingBuffer open(Path dir) {
        return new MapDbReadingBuffer(options(dir), Clock.systemUTC(), () -> Long.MAX_VALUE);
    }

    /** Appenders with many appends in flight (as many sources would), optionally a forwarder draining meanwhile. */
    private void throughput(int threads, int perAppend, int outstanding, int seconds, boolean forward)
            throws Exception {
        Path dir = fresh("throughput");
        MapDbReadingBuffer buffer = open(dir);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sequence = new AtomicLong();
        AtomicLong durable = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread appender = new Thread(() -> {
                Semaphore inFlight = new Semaphore(outstanding);
                while (running.get()) {
                    List<Reading> batch = new ArrayList<>(perAppend);
                    for (int i = 0; i < perAppend; i++) {
                        batch.add(reading(sequence.incrementAndGet()));
                    }
                    inFlight.acquireUninterruptibly();
                    buffer.append(batch).whenComplete((ok, error) -> {
                        (error == null ? durable : failed).addAndGet(batch.size());
                        inFlight.release();
                    });
                }
                inFlight.acquireUninterruptibly(outstanding);
            }, "appender-" + t);
            appenders.add(appender);
        }
        AtomicLong delivered = new AtomicLong();
        Thread forwarder = new Thread(() -> {
            try {
                while (running.get()) {
                    Optional<Batch> b = buffer.take(2000, Duration.ofMillis(100));
                    b.ifPresent(batch -> {
                        buffer.acknowledge(batch);
                        delivered.addAndGet(batch.readings().size());
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "forwarder");
        appenders.forEach(Thread::start);
        if (forward) {
            forwarder.start();
        }
        Thread.sleep(3_000); // warm-up: JIT, file growth
        long d0 = durable.get();
        long w0 = writeBytes();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long d1 = durable.get();
        long w1 = writeBytes();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        for (Thread a : appenders) {
            a.join();
        }
        forwarder.join();
        double encoded = encodedSize();
        double perReading = (w1 - w0) / (double) (d1 - d0);
        System.out.printf("throughput: %d threads x %d reading(s) per append, %d in flight per thread, forwarder %s: "
                        + "%.0f durable readings/s over %.1f s; last commit %d us; %s; failed appends %d%n",
                threads, perAppend, outstanding, forward ? "draining (retention on)" : "off",
                (d1 - d0) / elapsed, elapsed, buffer.metrics().lastCommitMicros(),
                String.format("written %.1f bytes/reading = %.2f x the %.1f-byte encoded reading", perReading,
                        perReading / encoded, encoded), failed.get());
        if (forward) {
            System.out.printf("  delivered meanwhile: %d readings, still pending %d%n", delivered.get(),
                    buffer.metrics().pendingCount());
        }
        buffer.deactivate();
    }

    /** Appends {@code first} readings, reopens (timed), then continues to {@code total} and reports the size. */
    private void pendingAndReopen(long first, long total) throws Exception {
        Path dir = fresh("pending");
        MapDbReadingBuffer buffer = open(dir);
        long w0 = writeBytes();
        fill(buffer, 0, first);
        long w1 = writeBytes();
        double encoded = encodedSize();
        System.out.printf("append-only fill of %d readings: written %.1f bytes/reading = %.2f x encoded%n", first,
                (w1 - w0) / (double) first, (w1 - w0) / (double) first / encoded);
        buffer.deactivate();
        reopen(dir, first);
        if (total > first) {
            buffer = open(dir);
            long t0 = System.nanoTime();
            fill(buffer, first, total);
            double s = (System.nanoTime() - t0) / 1e9;
            buffer.deactivate();
            System.out.printf("filled to %d pending in %.1f s more (%.0f readings/s)%n", total, s, (total - first) / s);
            System.out.printf("size on disk with %d pending: %d bytes (%.1f MiB, %.1f bytes/reading)%n", total,
                    size(dir), size(dir) / 1048576.0, size(dir) / (double) total);
            reopen(dir, total);
        } else {
            System.out.printf("size on disk with %d pending: %d bytes%n", first, size(dir));
        }
    }

    private void reopen(Path dir, long expected) throws Exception {
        long t0 = System.nanoTime();
        MapDbReadingBuffer buffer = open(dir);
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        long pending = buffer.metrics().pendingCount();
        Optional<Batch> first = buffer.take(1000, Duration.ZERO);
        double firstBatch = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "reopen with %d pending (found %d): open+validate+index %.2f s, first batch taken after %.2f s%n",
                expected, pending, openSeconds, firstBatch);
        first.ifPresent(buffer::release);
        buffer.deactivate();
    }

    private static void fill(MapDbReadingBuffer buffer, long from, long to) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        AtomicLong failed = new AtomicLong();
        for (long i = from; i < to; i += 100) {
            List<Reading> batch = new ArrayList<>(100);
            for (long j = i; j < Math.min(to, i + 100); j++) {
                batch.add(reading(j));
            }
            inFlight.acquire();
            CompletableFuture<Void> stage = buffer.append(batch).toCompletableFuture();
            stage.whenComplete((ok, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(64);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " appends failed");
        }
    }

    private static double encodedSize() {
        ReadingCodec codec = new ReadingCodec();
        long total = 0;
        for (int i = 0; i < 10_000; i++) {
            total += codec.encode(reading(i)).length;
        }
        return total / 10_000.0;
    }

    /** A typical LoRa telemetry reading: hex id, DevEUI, unit, RSSI/SNR and two attributes. */
    static Reading reading(long n) {
        String sensor = String.format("0004A30B00%06X", n % 500);
        return Reading.of(
                sensor,
                "temperature",
                ReadingValue.of(Math.round(200 + n % 150) / 10.0),
                "Cel",
                Instant.ofEpochSecond(1_790_000_000L + n / 500, (n % 1000) * 1_000_000L),
                ClockQuality.SYNCHRONISED,
                new SourceMetadata(
                        "lora", -97.0 - n % 20, 7.5, Map.of("gateway", "b827ebfffe000001", "frequency", "868.1")));
    }

    private Path fresh(String name) throws IOException {
        Path dir = work.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** Bytes this process caused to be sent to the storage layer (Linux {@code /proc/self/io}, write_bytes). */
    private static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        throw new IOException("no write_bytes in /proc/self/io");
    }
}
