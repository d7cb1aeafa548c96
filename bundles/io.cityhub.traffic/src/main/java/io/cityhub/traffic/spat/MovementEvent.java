package io.cityhub.traffic.spat;

/**
 * One signal group's SPaT movement event (ISO TS 19091 / SAE J2735 {@code MovementEvent}, notes/traffic.md §4.2).
 *
 * @param group the signal group's name
 * @param eventState J2735 {@code MovementPhaseState}: 1 dark, 3 stop-And-Remain, 6 protected-Movement-Allowed,
 *     8 protected-clearance, 9 caution-Conflicting-Traffic
 * @param minEndTime earliest change, TimeMark (tenths of a second in the hour, 0..35999)
 * @param maxEndTime latest change, TimeMark, or {@link #UNKNOWN} when no bound is guaranteed
 * @param likelyTime expected change, TimeMark, or {@link #UNKNOWN}
 * @param confidence J2735 {@code TimeIntervalConfidence} 0..15 (15 = 100 %) of {@code likelyTime}
 */
public record MovementEvent(String group, int eventState, int minEndTime, int maxEndTime, int likelyTime,
        int confidence) {

    /** TimeMark for "unknown" (J2735 / ISO 19091). */
    public static final int UNKNOWN = 36001;
}
