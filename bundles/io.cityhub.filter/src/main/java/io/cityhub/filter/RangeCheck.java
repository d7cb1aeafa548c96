package io.cityhub.filter;

/**
 * Range validation: a value inside {@code [min, max]} (bounds included) is in range. NaN is never in range; an
 * infinite value is in range only under an infinite bound of the same sign. Stateless.
 */
public final class RangeCheck {

    /** What happens to a value out of range. */
    public enum Action {
        /** the reading is left out */
        DROP,
        /** the reading is stored, marked as out of range */
        FLAG
    }

    private final double min;
    private final double max;
    private final Action action;

    /**
     * @param min lowest valid value, {@code -Infinity} for none; not NaN
     * @param max highest valid value, {@code +Infinity} for none; not NaN, not below min
     * @param action what to do with a value out of range, not null
     */
    public RangeCheck(double min, double max, Action action) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("range has invalid bounds [" + min + ", " + max
                    + "]; expected min <= max, neither NaN");
        }
        if (action == null) {
            throw new IllegalArgumentException("range action is missing");
        }
        this.min = min;
        this.max = max;
        this.action = action;
    }

    /** @return whether {@code value} lies within the bounds */
    public boolean inRange(double value) {
        return value >= min && value <= max; // false for NaN
    }

    /** @return what to do with a value out of range */
    public Action action() {
        return action;
    }

    /** @return the lowest valid value */
    public double min() {
        return min;
    }

    /** @return the highest valid value */
    public double max() {
        return max;
    }
}
