package io.cityhub.api.filter;

import io.cityhub.api.Reading;
import java.util.List;

/**
 * What a {@link ReadingFilter} made of one submission.
 *
 * @param passed the readings to store, in order: readings that passed (possibly converted to the channel's unit or
 *     flagged out of range) and aggregates of windows that closed; never null, copied
 * @param filtered how many input readings the filters deliberately left out (deadband, rate limit, out of range,
 *     outlier, or taken into an aggregate); at least 0
 */
public record FilterResult(List<Reading> passed, int filtered) {

    /**
     * @throws NullPointerException if {@code passed} is null or holds null
     * @throws IllegalArgumentException if {@code filtered} is negative
     */
    public FilterResult {
        passed = List.copyOf(passed);
        if (filtered < 0) {
            throw new IllegalArgumentException("filtered must not be negative, was " + filtered);
        }
    }
}
