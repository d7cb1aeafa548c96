package io.cityhub.api.traffic;

import java.util.Objects;

/**
 * One signal group's state and the window of its next change, as a SPaT {@code MovementEvent} (ISO TS 19091 /
 * SAE J2735 field names). Times are TimeMarks: tenths of a second within the current UTC hour (0..35999; a value
 * below the current time-of-hour refers to the next hour), {@value #UNKNOWN} = unknown.
 *
 * @param signalGroup the signal group's name in the intersection definition; not null
 * @param eventState J2735 {@code MovementPhaseState}: 1 dark, 3 stop-And-Remain (red), 6 protected-Movement-Allowed
 *     (green), 8 protected-clearance (amber, pedestrian flashing green), 9 caution-Conflicting-Traffic (flashing
 *     amber), 0 unavailable (outputs in their safe state)
 * @param minEndTime the earliest the state can end; a guaranteed lower bound
 * @param maxEndTime the latest it will end, {@value #UNKNOWN} where not certain
 * @param likelyTime the most likely end, {@value #UNKNOWN} when unknown; {@code minEndTime ≤ likelyTime ≤ maxEndTime}
 *     when known
 * @param confidence J2735 {@code TimeIntervalConfidence} 0..15 of {@code likelyTime} (15 = 100 %)
 */
public record MovementTiming(String signalGroup, int eventState, int minEndTime, int maxEndTime, int likelyTime,
        int confidence) {

    /** TimeMark for an unknown time. */
    public static final int UNKNOWN = 36_001;

    /** J2735 {@code MovementPhaseState} names, indexed by value (0..9). */
    private static final String[] STATE_NAMES = {"unavailable", "dark", "stop-Then-Proceed", "stop-And-Remain",
        "pre-Movement", "permissive-Movement-Allowed", "protected-Movement-Allowed", "permissive-clearance",
        "protected-clearance", "caution-Conflicting-Traffic"};

    /** @throws NullPointerException if signalGroup is null */
    public MovementTiming {
        Objects.requireNonNull(signalGroup, "signalGroup");
    }

    /**
     * The event state's name in SAE J2735 / ISO TS 19091 {@code MovementPhaseState} (as the SPaT profile writes it),
     * e.g. {@code stop-And-Remain} for 3.
     *
     * @return the name, or {@code unavailable} for a value outside 0..9
     */
    public String eventStateName() {
        return eventState >= 0 && eventState < STATE_NAMES.length ? STATE_NAMES[eventState] : STATE_NAMES[0];
    }
}
