package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RangeCheckTest {

    private final RangeCheck range = new RangeCheck(-40, 85, RangeCheck.Action.DROP);

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> new RangeCheck(10, 0, RangeCheck.Action.DROP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[10.0, 0.0]");
        assertThatThrownBy(() -> new RangeCheck(Double.NaN, 0, RangeCheck.Action.DROP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RangeCheck(0, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundsAreIncluded() {
        assertThat(range.inRange(-40)).isTrue();
        assertThat(range.inRange(85)).isTrue();
        assertThat(range.inRange(Math.nextDown(-40.0))).isFalse();
        assertThat(range.inRange(Math.nextUp(85.0))).isFalse();
    }

    @Test
    void nanIsNeverInRange() {
        assertThat(range.inRange(Double.NaN)).isFalse();
        assertThat(new RangeCheck(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, RangeCheck.Action.FLAG)
                .inRange(Double.NaN)).isFalse();
    }

    @Test
    void infinityIsInRangeOnlyUnderAnOpenBound() {
        assertThat(range.inRange(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(range.inRange(Double.NEGATIVE_INFINITY)).isFalse();
        RangeCheck open = new RangeCheck(0, Double.POSITIVE_INFINITY, RangeCheck.Action.FLAG);
        assertThat(open.inRange(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(open.inRange(Double.NEGATIVE_INFINITY)).isFalse();
    }
}
