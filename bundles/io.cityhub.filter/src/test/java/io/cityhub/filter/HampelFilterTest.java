package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HampelFilterTest {

    private final HampelFilter hampel = new HampelFilter(5, 3);

    private HampelFilter.State feed(double... values) {
        HampelFilter.State s = HampelFilter.State.EMPTY;
        for (double v : values) {
            s = hampel.apply(s, v).next();
        }
        return s;
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new HampelFilter(2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2'");
        assertThatThrownBy(() -> new HampelFilter(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HampelFilter(5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HampelFilter(5, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFiniteValuePassesUntilTheWindowIsFull() {
        HampelFilter.State s = HampelFilter.State.EMPTY;
        for (double v : new double[] {20, 1000, -1000, 20, 20}) {
            HampelFilter.Decision d = hampel.apply(s, v);
            assertThat(d.pass()).isTrue();
            s = d.next();
        }
        assertThat(s.values()).hasSize(5);
    }

    @Test
    void spikeIsRejectedNoiseIsNot() {
        HampelFilter.State s = feed(20.0, 20.2, 19.9, 20.1, 20.0);
        assertThat(hampel.apply(s, 20.3).pass()).isTrue();
        assertThat(hampel.apply(s, 85.0).pass()).isFalse();
        assertThat(hampel.apply(s, -40.0).pass()).isFalse();
    }

    @Test
    void valueOnTheThresholdPasses() {
        // median 20, deviations 0,1,1,2,2 -> MAD 1; limit 3 * 1.4826 = 4.4478
        HampelFilter.State s = feed(18, 19, 20, 21, 22);
        assertThat(hampel.apply(s, 24.4477).pass()).isTrue();
        assertThat(hampel.apply(s, 24.4479).pass()).isFalse();
    }

    @Test
    void lastingChangeOfLevelIsAcceptedOnceItFillsHalfTheWindow() {
        HampelFilter.State s = feed(20, 20, 20, 20, 20);
        HampelFilter.Decision d1 = hampel.apply(s, 30);
        HampelFilter.Decision d2 = hampel.apply(d1.next(), 30);
        HampelFilter.Decision d3 = hampel.apply(d2.next(), 30);
        HampelFilter.Decision d4 = hampel.apply(d3.next(), 30);
        assertThat(d1.pass()).isFalse();
        assertThat(d2.pass()).isFalse();
        assertThat(d3.pass()).isFalse();
        assertThat(d4.pass()).isTrue();
    }

    @Test
    void nonFiniteValuesAreOutliersAndStayOutOfTheWindow() {
        HampelFilter.State s = feed(20, 20);
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            HampelFilter.Decision d = hampel.apply(s, v);
            assertThat(d.pass()).isFalse();
            assertThat(d.next()).isSameAs(s);
        }
    }
}
