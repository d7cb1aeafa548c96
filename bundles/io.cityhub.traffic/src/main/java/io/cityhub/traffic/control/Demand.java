package io.cityhub.traffic.control;

/**
 * What the detectors, buttons and priority inputs ask for during one tick, as bit masks over group indices
 * (bit {@code i} = group {@code i}).
 *
 * @param calls groups called (a vehicle waits, a button was pressed, a detector failed)
 * @param extensions groups whose detectors saw a vehicle this tick (restart the passage timer)
 * @param priority groups with an active priority request
 */
public record Demand(long calls, long extensions, long priority) {

    /** No demand at all. */
    public static final Demand NONE = new Demand(0, 0, 0);

    static boolean has(long mask, int group) {
        return (mask & (1L << group)) != 0;
    }
}
