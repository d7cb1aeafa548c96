package io.cityhub.traffic.definition;

import java.math.BigDecimal;

/**
 * One signal group: heads that always show the same aspect. All durations are in tenths of a second, which is
 * also the controller's tick.
 *
 * @param index position in the definition, 0-based; used for the conflict and intergreen matrices
 * @param name the group's name, unique in its intersection
 * @param kind the road users it serves
 * @param redOutput output id of the red lamp
 * @param amberOutput output id of the amber lamp; null for pedestrian groups
 * @param greenOutput output id of the green lamp
 * @param amber amber duration; 0 for pedestrian groups
 * @param minGreen minimum green (for pedestrians: the steady green)
 * @param maxGreen maximum green once a conflicting call exists (actuated operation)
 * @param minRed minimum red before the group may show green again
 * @param flashingGreen pedestrian flashing green after the steady green; 0 for none and for other kinds
 * @param crossingLength pedestrian crossing length in metres; null for other kinds
 * @param passage passage (gap) time: each detector actuation extends the green by this much
 * @param recall recall mode in actuated operation
 */
public record SignalGroup(
        int index,
        String name,
        GroupKind kind,
        String redOutput,
        String amberOutput,
        String greenOutput,
        int amber,
        int minGreen,
        int maxGreen,
        int minRed,
        int flashingGreen,
        BigDecimal crossingLength,
        int passage,
        Recall recall) {

    /** Legal minimum amber for groups with an amber lamp, in tenths (issue 13; MMU short-yellow 2.7 s). */
    public static final int MIN_AMBER = 30;

    /** Pedestrian crossing speed used for the clearance rule, m/s (MB 11-10-1976 art. 4.1). */
    public static final BigDecimal PEDESTRIAN_SPEED = new BigDecimal("1.2");

    /** @return the time from the end of this group's green to the moment it shows red, in tenths */
    public int clearance() {
        return kind.isPedestrian() ? flashingGreen : amber;
    }
}
