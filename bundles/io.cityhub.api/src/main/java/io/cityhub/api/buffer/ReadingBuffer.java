package io.cityhub.api.buffer;

import io.cityhub.api.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable outbox. Appends are acknowledged only once durable; readings leave it only when the forwarder
 * acknowledges their batch. Delivery is at least once: anything taken but not acknowledged is delivered again.
 */
@ProviderType
public interface ReadingBuffer {

    /**
     * Appends readings. Appends from all callers are grouped into few commits, so durability costs little per
     * reading.
     *
     * @param readings the readings, not null; may be empty
     * @return completes when every reading is durable, or exceptionally with a {@link BufferException}
     *     (then none of them is)
     */
    CompletionStage<Void> append(List<Reading> readings);

    /**
     * Takes the next readings for delivery: highest class first, oldest first within a class, skipping those
     * in batches already taken and not yet acknowledged or released.
     *
     * @param maxReadings at most this many, at least 1
     * @param wait how long to wait for readings when none are pending, not null
     * @return a batch, or empty when nothing arrived within {@code wait}
     * @throws InterruptedException if interrupted while waiting
     */
    Optional<Batch> take(int maxReadings, Duration wait) throws InterruptedException;

    /**
     * Marks a batch as delivered: its readings leave the outbox (and enter the retention window, if any).
     * Acknowledging a batch twice or one from before a restart has no effect.
     *
     * @param batch a batch returned by {@link #take}, not null
     */
    void acknowledge(Batch batch);

    /**
     * Gives a batch back undelivered (the uplink failed): its readings are taken again, in their place in the
     * order. Releasing an unknown batch has no effect.
     *
     * @param batch a batch returned by {@link #take}, not null
     */
    void release(Batch batch);

    /** @return a snapshot of the outbox's state and counters, never null */
    BufferMetrics metrics();
}
