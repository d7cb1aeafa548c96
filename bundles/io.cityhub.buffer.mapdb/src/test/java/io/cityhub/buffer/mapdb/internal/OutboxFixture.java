package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens real outboxes in a temporary directory and closes them after each test. */
abstract class OutboxFixture {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(TestReadings.T0);
    final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    private final List<MapDbReadingBuffer> opened = new ArrayList<>();

    /** The defaults (natural group commit, no minimum interval) in the test's directory. */
    BufferOptions options() {
        return BufferOptions.defaults(dir.resolve("store"));
    }

    MapDbReadingBuffer open(BufferOptions options) {
        return open(options, freeBytes::get);
    }

    MapDbReadingBuffer open(BufferOptions options, FreeSpaceProbe probe) {
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(options, clock, probe);
        opened.add(buffer);
        return buffer;
    }

    /** An outbox whose index holds at most {@code maxChunks} chunks (the heap gives far more). */
    MapDbReadingBuffer openWithChunkBound(BufferOptions options, long maxChunks) {
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(options, clock, freeBytes::get, maxChunks);
        opened.add(buffer);
        return buffer;
    }

    void close(MapDbReadingBuffer buffer) {
        opened.remove(buffer);
        buffer.deactivate();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(MapDbReadingBuffer::deactivate);
        opened.clear();
    }

    static void append(MapDbReadingBuffer buffer, List<Reading> readings)
            throws InterruptedException, ExecutionException, TimeoutException {
        buffer.append(readings).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Batch take(MapDbReadingBuffer buffer, int max) throws InterruptedException {
        Optional<Batch> batch = buffer.take(max, Duration.ofSeconds(5));
        assertThat(batch).as("a batch within 5 s").isPresent();
        return batch.get();
    }

    /** Takes and acknowledges everything pending. */
    static List<Reading> drain(MapDbReadingBuffer buffer) throws InterruptedException {
        List<Reading> all = new ArrayList<>();
        Optional<Batch> batch;
        while ((batch = buffer.take(1000, Duration.ZERO)).isPresent()) {
            all.addAll(batch.get().readings());
            buffer.acknowledge(batch.get());
        }
        return all;
    }
}
