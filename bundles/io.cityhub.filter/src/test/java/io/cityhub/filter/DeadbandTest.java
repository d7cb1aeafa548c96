package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadbandTest {
    private final Deadband absolute = new Deadband(Deadband.Mode.ABSOLUTE, 0.5, 60_000);

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> new Deadband(Deadband.Mode.ABSOLUTE, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Deadband(Deadband.Mode.ABSOLUTE, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Deadband(Deadband.Mode.PERCENT, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstValueIsSent() {
        assertThat(absolute.apply(Deadband.State.EMPTY, 20.0, 0).pass()).isTrue();
    }

    @Test
    void smallChangeIsHeldLargeChangeIsSent() {
        Deadband.State s = absolute.apply(Deadband.State.EMPTY, 20.0, 0).next();
        Deadband.Decision small = absolute.apply(s, 20.5, 1000);
        assertThat(small.pass()).isFalse();
        assertThat(absolute.apply(small.next(), 20.51, 2000).pass()).isTrue();
    }

    @Test
    void heartbeatSendsAfterMaximumSilence() {
        Deadband.State s = absolute.apply(Deadband.State.EMPTY, 20.0, 0).next();
        assertThat(absolute.apply(s, 20.0, 59_999).pass()).isFalse();
        assertThat(absolute.apply(s, 20.0, 60_000).pass()).isTrue();
    }

    @Test
    void nonFiniteValuesAndTheirSuccessorsAreSent() {
        Deadband.State s = absolute.apply(Deadband.State.EMPTY, 20.0, 0).next();
        Deadband.Decision nan = absolute.apply(s, Double.NaN, 1);
        assertThat(nan.pass()).isTrue();
        assertThat(absolute.apply(nan.next(), 20.0, 2).pass()).isTrue();
        assertThat(absolute.apply(s, Double.POSITIVE_INFINITY, 1).pass()).isTrue();
    }

    @Test
    void clockGoingBackwardsSendsAndRestarts() {
        Deadband.State s = absolute.apply(Deadband.State.EMPTY, 20.0, 10_000).next();
        Deadband.Decision back = absolute.apply(s, 20.0, 5_000);
        assertThat(back.pass()).isTrue();
        assertThat(back.next().lastSentMillis()).isEqualTo(5_000);
    }

    @Test
    void percentBandIsRelativeToLastSent() {
        Deadband percent = new Deadband(Deadband.Mode.PERCENT, 10, 60_000);
        Deadband.State s = percent.apply(Deadband.State.EMPTY, 100.0, 0).next();
        assertThat(percent.apply(s, 110.0, 1).pass()).isFalse();
        assertThat(percent.apply(s, 110.1, 1).pass()).isTrue();
    }
}
