package io.cityhub.ingest.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-memory outbox for tests. By default every append is durable at once; {@link #holdAppends()} keeps each
 * append's stage open until the test completes it, {@link #failAppends(Throwable)} fails every append.
 */
public final class TestBuffer implements ReadingBuffer {

    /** Readings whose append stage completed normally. */
    public final List<Reading> durable = new CopyOnWriteArrayList<>();
    /** Stages of held appends, in call order. */
    public final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    private volatile Function<List<Reading>, CompletionStage<Void>> behaviour = this::durableNow;
    private final java.util.concurrent.atomic.AtomicInteger appendCalls =
            new java.util.concurrent.atomic.AtomicInteger();

    public TestBuffer holdAppends() {
        behaviour = readings -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            held.add(stage);
            return stage.thenRun(() -> durable.addAll(readings));
        };
        return this;
    }

    public TestBuffer failAppends(Throwable failure) {
        behaviour = readings -> CompletableFuture.failedFuture(failure);
        return this;
    }

    public int appendCalls() {
        return appendCalls.get();
    }

    @Override
    public CompletionStage<Void> append(List<Reading> readings) {
        appendCalls.incrementAndGet();
        return behaviour.apply(List.copyOf(readings));
    }

    private CompletionStage<Void> durableNow(List<Reading> readings) {
        durable.addAll(readings);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<Batch> take(int maxReadings, Duration wait) {
        return Optional.empty();
    }

    @Override
    public void acknowledge(Batch batch) {
        // ingest never reads from the outbox
    }

    @Override
    public void release(Batch batch) {
        // ingest never reads from the outbox
    }

    @Override
    public BufferMetrics metrics() {
        Map<Priority, ClassDepth> depth = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            depth.put(p, new ClassDepth(0, 0, 0));
        }
        return new BufferMetrics(BufferState.AVAILABLE, depth, durable.size(), 0, 0, 0, Map.of(), 0, 0, 0);
    }
}
