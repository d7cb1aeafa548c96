package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The deadband's promise, checked against a model of the receiver that knows nothing of the filter's state: what the
 * platform last received, and when.
 */
class DeadbandProperties {

    /**
     * A change larger than the band is never hidden for longer than the heartbeat: whenever a value is held back, it
     * is within the band of what the receiver last got, and the receiver got something less than a heartbeat ago.
     * Time steps may be zero or go backwards.
     */
    @Property(tries = 200)
    void largeChangeIsNeverHiddenLongerThanHeartbeat(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1000, max = 1000) Double> values,
            @ForAll @Size(min = 200, max = 200) List<@IntRange(min = -500, max = 3000) Integer> steps,
            @ForAll boolean percent,
            @ForAll @DoubleRange(min = 0, max = 50) double band,
            @ForAll @LongRange(min = 1, max = 5000) long heartbeat) {
        Deadband deadband = new Deadband(percent ? Deadband.Mode.PERCENT : Deadband.Mode.ABSOLUTE, band, heartbeat);
        Deadband.State state = Deadband.State.EMPTY;
        boolean received = false;
        double receivedValue = Double.NaN;
        long receivedAt = 0;
        long t = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            Deadband.Decision d = deadband.apply(state, v, t);
            if (d.pass()) {
                received = true;
                receivedValue = v;
                receivedAt = t;
            } else {
                assertThat(received).as("a first value is never held").isTrue();
                double allowed = percent ? Math.abs(receivedValue) * band / 100 : band;
                assertThat(Math.abs(v - receivedValue)).as("held change").isLessThanOrEqualTo(allowed);
                assertThat(t - receivedAt).as("silence at a held value").isBetween(0L, heartbeat - 1);
            }
            state = d.next();
            t += steps.get(i);
        }
    }
}
