package io.cityhub.api.buffer;

import io.cityhub.api.Priority;
import java.util.Map;

/**
 * A snapshot of the outbox, for technicians and for the platform's status messages.
 *
 * @param state whether appends are taken
 * @param depth what waits per priority class; every class present
 * @param appended readings appended since start
 * @param delivered readings acknowledged since start
 * @param appendsPerSecond appends per second over the last measuring interval
 * @param deliveriesPerSecond deliveries per second over the last measuring interval
 * @param drops readings dropped since start, by reason ({@code full}, {@code expired}, ...); never null
 * @param sizeOnDiskBytes bytes the store occupies on disk
 * @param lastCommitMicros duration of the last durable commit
 * @param recoveries times an unreadable store was moved aside and replaced since start
 */
public record BufferMetrics(
        BufferState state,
        Map<Priority, ClassDepth> depth,
        long appended,
        long delivered,
        double appendsPerSecond,
        double deliveriesPerSecond,
        Map<String, Long> drops,
        long sizeOnDiskBytes,
        long lastCommitMicros,
        long recoveries) {

    /** Copies the maps. */
    public BufferMetrics {
        depth = Map.copyOf(depth);
        drops = Map.copyOf(drops);
    }

    /** @return readings waiting in all classes */
    public long pendingCount() {
        return depth.values().stream().mapToLong(ClassDepth::count).sum();
    }

    /** @return bytes waiting in all classes */
    public long pendingBytes() {
        return depth.values().stream().mapToLong(ClassDepth::bytes).sum();
    }

    /** @return age of the oldest waiting reading in any class, 0 when empty */
    public long oldestAgeMillis() {
        return depth.values().stream().mapToLong(ClassDepth::oldestAgeMillis).max().orElse(0);
    }
}
