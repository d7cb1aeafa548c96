package io.cityhub.api.buffer;

import io.cityhub.api.Reading;
import java.util.List;

/**
 * Readings taken from the outbox for delivery. They stay in the outbox until the batch is acknowledged; a
 * batch that is released, or never acknowledged before a restart, is delivered again.
 *
 * @param id identifies the batch to {@link ReadingBuffer#acknowledge(Batch)}; unique within one buffer instance
 * @param readings the readings, highest priority class first, oldest first within a class; never empty
 */
public record Batch(long id, List<Reading> readings) {

    /** Copies {@code readings}. */
    public Batch {
        readings = List.copyOf(readings);
    }
}
