package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinIntervalTest {

    private final MinInterval interval = new MinInterval(10_000);

    @Test
    void rejectsIntervalNotPositive() {
        assertThatThrownBy(() -> new MinInterval(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0'");
    }

    @Test
    void firstValuePasses() {
        assertThat(interval.apply(MinInterval.State.EMPTY, Long.MIN_VALUE).pass()).isTrue();
    }

    @Test
    void holdsUntilTheIntervalHasElapsedExactly() {
        MinInterval.State s = interval.apply(MinInterval.State.EMPTY, 1_000).next();
        assertThat(interval.apply(s, 10_999).pass()).isFalse();
        assertThat(interval.apply(s, 11_000).pass()).isTrue();
    }

    @Test
    void heldValueDoesNotMoveTheReference() {
        MinInterval.State s = interval.apply(MinInterval.State.EMPTY, 0).next();
        MinInterval.Decision held = interval.apply(s, 9_000);
        assertThat(held.next()).isEqualTo(s);
        assertThat(interval.apply(held.next(), 10_000).pass()).isTrue();
    }

    @Test
    void clockGoingBackwardsPassesAndRestarts() {
        MinInterval.State s = interval.apply(MinInterval.State.EMPTY, 100_000).next();
        MinInterval.Decision back = interval.apply(s, 50_000);
        assertThat(back.pass()).isTrue();
        assertThat(interval.apply(back.next(), 55_000).pass()).isFalse();
    }
}
