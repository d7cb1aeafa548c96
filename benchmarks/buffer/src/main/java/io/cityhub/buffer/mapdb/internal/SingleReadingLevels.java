package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The outbox alone under the end-to-end benchmark's closed-loop single-reading load: at each level C appends of
 * one reading are outstanding, and each next one is sent (from a pool of two "CoAP" threads, not the writer's
 * thread) as soon as one completes, i.e. is durable. Per level: acknowledged readings/s, append → durable p50/p99,
 * commits/s, checkpoints/s (0 where the outbox has none) and bytes written per reading. Asserts nothing.
 *
 * <p>Arguments: work directory, levels (e.g. {@code 1,32,256}), seconds per level.
 */
public final class SingleReadingLevels {

    private SingleReadingLevels() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int[] levels = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[2]);
        System.out.printf("%-11s %12s %10s %10s %10s %12s %14s%n", "outstanding", "acked/s", "p50 ms", "p99 ms",
                "commits/s", "checkpts/s", "bytes/reading");
        for (int level : levels) {
            level(work.resolve("level-" + level), level, seconds);
        }
    }

    private static void level(Path dir, int outstanding, int seconds) throws Exception {
        delete(dir);
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(BufferOptions.defaults(dir), Clock.systemUTC(),
                () -> Long.MAX_VALUE);
        ExecutorService sources = Executors.newFixedThreadPool(2);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong sequence = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        long[] latencies = new long[8_000_000];
        AtomicInteger recorded = new AtomicInteger();
        Runnable[] send = new Runnable[1];
        send[0] = () -> {
            if (!running.get()) {
                return;
            }
            Reading r = OutboxBenchmark.reading(sequence.incrementAndGet());
            long start = System.nanoTime();
            buffer.append(List.of(r)).whenComplete((ok, error) -> {
                if (error == null && measuring.get()) {
                    acked.incrementAndGet();
                    int i = recorded.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = System.nanoTime() - start;
                    }
                }
                sources.execute(send[0]);
            });
        };
        for (int i = 0; i < outstanding; i++) {
            sources.execute(send[0]);
        }
        Thread.sleep(2_000); // run-in: JIT, file growth
        long commits0 = number(buffer, "commits");
        long checkpoints0 = number(buffer, "checkpoints");
        long written0 = writeBytes();
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long commits = number(buffer, "commits") - commits0;
        long checkpoints = number(buffer, "checkpoints") - checkpoints0;
        long written = writeBytes() - written0;
        running.set(false);
        sources.shutdown();
        sources.awaitTermination(30, TimeUnit.SECONDS);
        buffer.deactivate();
        int n = Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("%-11d %12.0f %10.2f %10.2f %10.1f %12.2f %14.1f%n", outstanding, acked.get() / elapsed,
                sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, commits / elapsed, checkpoints / elapsed,
                written / (double) Math.max(1, acked.get()));
        delete(dir);
    }

    private static long number(MapDbReadingBuffer buffer, String key) {
        Object v = buffer.health().get(key);
        return v instanceof Number number ? number.longValue() : 0;
    }

    private static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        throw new IOException("no write_bytes in /proc/self/io");
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
