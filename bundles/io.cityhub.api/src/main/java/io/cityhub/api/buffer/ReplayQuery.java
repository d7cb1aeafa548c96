package io.cityhub.api.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for delivered readings that are still retained.
 *
 * @param from earliest reading timestamp, inclusive; never null
 * @param to latest reading timestamp, exclusive; never null, not before {@code from}
 * @param sensorId only this sensor's readings, or null for all sensors
 * @param cursor where the previous page ended ({@link ReplayPage#nextCursor()}), or null to start
 * @param limit at most this many readings per page, at least 1
 */
public record ReplayQuery(Instant from, Instant to, String sensorId, String cursor, int limit) {

    /** @throws IllegalArgumentException if the range is inverted or the limit below 1 */
    public ReplayQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("replay range ends before it starts: " + from + " .. " + to);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("replay limit must be at least 1, was " + limit);
        }
    }
}
