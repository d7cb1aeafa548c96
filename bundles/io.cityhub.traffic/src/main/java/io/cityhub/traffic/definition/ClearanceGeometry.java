package io.cityhub.traffic.definition;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Distances and speeds of one ordered conflicting pair, from which the minimum intergreen follows
 * (RiLSA: {@code t_z = t_ü + (s0 + l)/v_r − s_e/v_e}, rounded up to whole seconds; notes/traffic.md §1.2).
 *
 * @param crossingTime t_ü, crossing time after end of green, s
 * @param clearingDistance s0, from the stop line of the clearing group to the conflict point, m
 * @param vehicleLength l, length of the clearing vehicle (6 m motor vehicles, 0 cyclists, 15 trams), m
 * @param clearingSpeed v_r, m/s, positive
 * @param enteringDistance s_e, from the stop line of the entering group to the conflict point, m
 * @param enteringSpeed v_e, m/s, positive
 */
public record ClearanceGeometry(
        BigDecimal crossingTime,
        BigDecimal clearingDistance,
        BigDecimal vehicleLength,
        BigDecimal clearingSpeed,
        BigDecimal enteringDistance,
        BigDecimal enteringSpeed) {

    /** The largest minimum intergreen {@link #minimumIntergreenTenths} returns, a whole number of seconds. */
    public static final int MAX_INTERGREEN_TENTHS = Integer.MAX_VALUE / 10 * 10;

    /**
     * Computes the minimum intergreen exactly: the sum is brought onto the common denominator
     * {@code v_r · v_e} so no division happens before the single final rounding.
     *
     * @return the minimum intergreen in tenths of a second, a whole number of seconds, never negative; saturates
     *     at {@link #MAX_INTERGREEN_TENTHS} (speeds close to 0 give bounds far beyond any real intergreen)
     */
    public int minimumIntergreenTenths() {
        BigDecimal numerator = crossingTime.multiply(clearingSpeed).multiply(enteringSpeed)
                .add(clearingDistance.add(vehicleLength).multiply(enteringSpeed))
                .subtract(enteringDistance.multiply(clearingSpeed));
        BigDecimal denominator = clearingSpeed.multiply(enteringSpeed);
        BigDecimal seconds = numerator.divide(denominator, 0, RoundingMode.CEILING);
        if (seconds.signum() <= 0) {
            return 0;
        }
        return seconds.compareTo(BigDecimal.valueOf(MAX_INTERGREEN_TENTHS / 10)) > 0 ? MAX_INTERGREEN_TENTHS
                : seconds.intValueExact() * 10;
    }
}
