package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TumblingAggregateTest {

    private final TumblingAggregate minute = new TumblingAggregate(60_000);

    @Test
    void rejectsLengthNotPositive() {
        assertThatThrownBy(() -> new TumblingAggregate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstValueOpensItsWindow() {
        TumblingAggregate.Step step = minute.apply(null, 21.0, 90_000);
        assertThat(step.closed()).isNull();
        assertThat(step.open()).isEqualTo(new TumblingAggregate.Window(60_000, 1, 21, 21, 21, 21, false));
    }

    @Test
    void aggregatesWithinAWindowAndClosesAtTheBoundary() {
        TumblingAggregate.Window w = minute.apply(null, 3, 0).open();
        w = minute.apply(w, 1, 30_000).open();
        w = minute.apply(w, 5, 59_999).open();
        TumblingAggregate.Step boundary = minute.apply(w, 7, 60_000);
        TumblingAggregate.Window closed = boundary.closed();
        assertThat(closed.startMillis()).isZero();
        assertThat(closed.count()).isEqualTo(3);
        assertThat(closed.min()).isEqualTo(1);
        assertThat(closed.max()).isEqualTo(5);
        assertThat(closed.mean()).isEqualTo(3);
        assertThat(closed.last()).isEqualTo(5);
        assertThat(closed.partial()).isFalse();
        assertThat(boundary.open().startMillis()).isEqualTo(60_000);
        assertThat(boundary.open().count()).isEqualTo(1);
    }

    @Test
    void skippedWindowsProduceNothing() {
        TumblingAggregate.Window w = minute.apply(null, 1, 0).open();
        TumblingAggregate.Step later = minute.apply(w, 2, 10 * 60_000 + 5);
        assertThat(later.closed().startMillis()).isZero();
        assertThat(later.open().startMillis()).isEqualTo(600_000);
    }

    @Test
    void windowsBeforeTheEpochAlignToo() {
        assertThat(minute.windowStart(-1)).isEqualTo(-60_000);
        assertThat(minute.windowStart(-60_000)).isEqualTo(-60_000);
    }

    @Test
    void clockGoingBackwardsClosesTheOpenWindowAsPartial() {
        TumblingAggregate.Window w = minute.apply(null, 1, 120_000).open();
        TumblingAggregate.Step back = minute.apply(w, 2, 30_000);
        assertThat(back.closed().partial()).isTrue();
        assertThat(back.closed().count()).isEqualTo(1);
        assertThat(back.open().startMillis()).isZero();
        assertThat(back.open().partial()).isFalse();
    }

    @Test
    void nonFiniteValuesStayOutOfTheWindow() {
        TumblingAggregate.Window w = minute.apply(null, 1, 0).open();
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            TumblingAggregate.Step step = minute.apply(w, v, 120_000);
            assertThat(step.closed()).isNull();
            assertThat(step.open()).isSameAs(w);
        }
        assertThat(minute.apply(null, Double.NaN, 0).open()).isNull();
    }
}
