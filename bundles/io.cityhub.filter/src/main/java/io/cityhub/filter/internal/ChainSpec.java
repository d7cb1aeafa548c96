package io.cityhub.filter.internal;

import io.cityhub.filter.Deadband;
import io.cityhub.filter.RangeCheck;
import java.util.Set;

/**
 * A channel's validated filter chain, as values (equal specs keep a channel's state across a reconfiguration). The
 * steps always run in this order, each one only if present: unit conversion, range, outlier, deadband, minimum
 * interval, aggregation.
 *
 * @param unit the canonical unit to convert to, or null for no conversion
 * @param range the range check, or null
 * @param outlier the outlier rejection, or null
 * @param deadband the deadband, or null
 * @param intervalMillis the minimum interval, or 0 for none
 * @param aggregate the aggregation, or null
 */
record ChainSpec(String unit, Range range, Outlier outlier, Band deadband, long intervalMillis, Aggregate aggregate) {

    /** A chain that lets everything through. */
    static final ChainSpec NONE = new ChainSpec(null, null, null, null, 0, null);

    record Range(double min, double max, RangeCheck.Action action) {
    }

    record Outlier(int window, double threshold) {
    }

    record Band(Deadband.Mode mode, double band, long heartbeatMillis) {
    }

    /** @param functions reported per window, in {@link AggregateFunction} order */
    record Aggregate(long windowMillis, Set<AggregateFunction> functions) {
        Aggregate {
            functions = Set.copyOf(functions);
        }
    }

    /** @return whether no step is present */
    boolean isEmpty() {
        return equals(NONE);
    }
}
