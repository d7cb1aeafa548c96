package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.ClockQuality;
import java.util.List;
import java.util.Objects;

/**
 * What a pulse counter keeps across restarts: its running total and the windows not yet known to be durable.
 *
 * @param total pulses counted since the counter was first configured
 * @param unacknowledged closed windows ingest has not confirmed, oldest first; re-sent after a restart with the
 *     same reading ids
 */
record CounterState(long total, List<Window> unacknowledged) {

    /**
     * One closed counting window.
     *
     * @param startTotal the running total when the window opened
     * @param endTotal the running total when it closed
     * @param endMillis when it closed, epoch milliseconds
     * @param lengthMillis how long it was open, measured on the monotonic clock (immune to clock steps), positive
     * @param quality quality of the clock that stamped the close
     */
    record Window(long startTotal, long endTotal, long endMillis, long lengthMillis, ClockQuality quality) {
        Window {
            if (startTotal < 0 || endTotal < startTotal) {
                throw new IllegalArgumentException("window totals out of order: " + startTotal + ".." + endTotal);
            }
            if (lengthMillis < 1) {
                throw new IllegalArgumentException("window length " + lengthMillis + " ms");
            }
            Objects.requireNonNull(quality, "quality");
        }
    }

    CounterState {
        if (total < 0) {
            throw new IllegalArgumentException("negative total " + total);
        }
        unacknowledged = List.copyOf(unacknowledged);
    }
}
