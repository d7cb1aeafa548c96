package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Cheap invariants of the other filters, over random inputs. */
class FilterProperties {

    /** Aggregation loses nothing: every value is in exactly one window, closed or still open. */
    @Property(tries = 300)
    void aggregationCountsEveryFiniteValueOnce(
            @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @Size(min = 300, max = 300) List<@IntRange(min = -20_000, max = 90_000) Integer> steps,
            @ForAll @LongRange(min = 1, max = 120_000) long length) {
        TumblingAggregate aggregate = new TumblingAggregate(length);
        TumblingAggregate.Window open = null;
        long closedCount = 0;
        double closedSum = 0;
        double inputSum = 0;
        long t = 1_700_000_000_000L;
        for (int i = 0; i < values.size(); i++) {
            TumblingAggregate.Step step = aggregate.apply(open, values.get(i), t);
            if (step.closed() != null) {
                closedCount += step.closed().count();
                closedSum += step.closed().sum();
                assertThat(step.closed().min()).isLessThanOrEqualTo(step.closed().max());
            }
            open = step.open();
            inputSum += values.get(i);
            t += steps.get(i);
        }
        long openCount = open == null ? 0 : open.count();
        double openSum = open == null ? 0 : open.sum();
        assertThat(closedCount + openCount).isEqualTo(values.size());
        assertThat(closedSum + openSum).isCloseTo(inputSum, org.assertj.core.data.Offset.offset(1e-3));
    }

    /** With time moving forward, passes are at least the interval apart and a pass follows any gap of that size. */
    @Property(tries = 300)
    void minimumIntervalKeepsItsSpacing(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 5000) Integer> steps,
            @ForAll @LongRange(min = 1, max = 20_000) long interval) {
        MinInterval limit = new MinInterval(interval);
        MinInterval.State state = MinInterval.State.EMPTY;
        Long lastPass = null;
        long t = 0;
        for (int step : steps) {
            MinInterval.Decision d = limit.apply(state, t);
            if (lastPass != null) {
                assertThat(d.pass()).isEqualTo(t - lastPass >= interval);
            } else {
                assertThat(d.pass()).isTrue();
            }
            if (d.pass()) {
                lastPass = t;
            }
            state = d.next();
            t += step;
        }
    }

    /** Converting there and back gives the value again (to rounding). */
    @Property(tries = 300)
    void unitConversionRoundTrips(@ForAll @DoubleRange(min = -1e6, max = 1e6) double value,
            @ForAll("pairs") String[] pair) {
        double there = UnitConversion.between(pair[0], pair[1]).orElseThrow().apply(value);
        double back = UnitConversion.between(pair[1], pair[0]).orElseThrow().apply(there);
        assertThat(back).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(value))));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String[]> pairs() {
        return net.jqwik.api.Arbitraries.of(new String[] {"K", "Cel"}, new String[] {"degF", "K"},
                new String[] {"hPa", "bar"}, new String[] {"km/h", "m/s"}, new String[] {"kWh", "Wh"},
                new String[] {"uS/cm", "mS/cm"}, new String[] {"%", "/"}, new String[] {"min", "h"});
    }

    /** While the window is filling, the Hampel filter passes every finite value. */
    @Property(tries = 200)
    void hampelPassesEverythingWhileWarmingUp(
            @ForAll @Size(min = 1, max = 31) List<@DoubleRange(min = -1e9, max = 1e9) Double> values,
            @ForAll @IntRange(min = 3, max = 31) int window) {
        HampelFilter hampel = new HampelFilter(window, 3);
        HampelFilter.State s = HampelFilter.State.EMPTY;
        for (int i = 0; i < Math.min(window, values.size()); i++) {
            HampelFilter.Decision d = hampel.apply(s, values.get(i));
            assertThat(d.pass()).isTrue();
            s = d.next();
        }
    }
}
