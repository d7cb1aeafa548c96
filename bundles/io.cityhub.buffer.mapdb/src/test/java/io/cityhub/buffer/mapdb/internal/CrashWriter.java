package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.Batch;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link CrashTest}: appends from three threads and delivers from one until it is killed.
 * Protocol on stdout, one line each, flushed: {@code READY}; {@code A <id>} after the append's stage completed
 * (durable); {@code D <id>} before the batch holding it is acknowledged (so a delivered reading is always reported).
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[1];
        PrintStream out =
                new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        BufferOptions options = BufferOptions.defaults(dir).withMaxBytes(256L << 20);
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(options, Clock.systemUTC(), () -> Long.MAX_VALUE);
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        AtomicLong sequence = new AtomicLong();
        Priority[] classes = Priority.values();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            Thread appender = new Thread(() -> {
                Random random = new Random(round.hashCode() * 31L + thread);
                while (true) {
                    List<Reading> batch = new ArrayList<>();
                    int n = 1 + random.nextInt(20);
                    for (int i = 0; i < n; i++) {
                        long s = sequence.incrementAndGet();
                        batch.add(new Reading(ReadingIdsFor.id(round, s), "crash-" + round, "seq",
                                ReadingValue.of((double) s), "", Instant.ofEpochSecond(1_790_000_000L, s),
                                ClockQuality.SYNCHRONISED, classes[random.nextInt(classes.length)],
                                SourceMetadata.of("test")));
                    }
                    try {
                        buffer.append(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        continue; // a failed append is simply not reported as acknowledged
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    synchronized (out) {
                        batch.forEach(r -> out.println("A " + r.id()));
                        out.flush();
                    }
                }
            }, "appender-" + t);
            appender.start();
        }
        Random random = new Random(round.hashCode());
        while (true) {
            Optional<Batch> batch = buffer.take(1 + random.nextInt(200), Duration.ofMillis(50));
            if (batch.isEmpty()) {
                continue;
            }
            if (random.nextInt(5) == 0) {
                buffer.release(batch.get());
                continue;
            }
            synchronized (out) {
                batch.get().readings().forEach(r -> out.println("D " + r.id()));
                out.flush();
            }
            buffer.acknowledge(batch.get());
        }
    }

    /** Unique, hex-shaped ids so the parent can tell a whole id from a line cut by the kill. */
    static final class ReadingIdsFor {
        private ReadingIdsFor() {
        }

        static String id(String round, long seq) {
            return String.format("%016x%016x", Long.parseLong(round), seq);
        }
    }
}
