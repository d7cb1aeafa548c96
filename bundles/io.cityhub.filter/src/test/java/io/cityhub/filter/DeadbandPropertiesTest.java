package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DeadbandPropertiesTest {
    /** A change larger than the band is never hidden for longer than the heartbeat. */
    @Property
    void largeChangeIsNeverHiddenLongerThanHeartbeat(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1000, max = 1000) Double> values,
            @ForAll @DoubleRange(min = 0, max = 50) double band,
            @ForAll @IntRange(min = 1, max = 5000) int heartbeat,
            @ForAll @IntRange(min = 0, max = 3000) int step) {
        Deadband deadband = new Deadband(Deadband.Mode.ABSOLUTE, band, heartbeat);
        Deadband.State state = Deadband.State.EMPTY;
        long t = 0;
        for (double v : values) {
            Deadband.Decision d = deadband.apply(state, v, t);
            if (!d.pass()) {
                assertThat(Math.abs(v - state.lastSent())).isLessThanOrEqualTo(band);
                assertThat(t - state.lastSentMillis()).isLessThan(heartbeat);
            }
            state = d.next();
            t += step;
        }
    }
}
