package io.cityhub.filter.internal;

import static io.cityhub.filter.internal.Fixtures.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.filter.Deadband;
import io.cityhub.filter.RangeCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainParserTest {

    private final ChainParser parser = new ChainParser("profile p channel t");

    private void rejects(FilterSpec spec, String message) {
        assertThatThrownBy(() -> parser.parse(List.of(spec), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void namesContextAttributeValueAndExpectation() {
        rejects(new FilterSpec("deadband", params("mode", "absolute", "band", "-1", "heartbeat.seconds", "60")),
                "profile p channel t: attribute 'deadband.band' has invalid value '-1'; expected a number between 0.0"
                        + " and 1000000.0");
        rejects(new FilterSpec("deadband", params("mode", "sideways", "band", "1", "heartbeat.seconds", "60")),
                "profile p channel t: attribute 'deadband.mode' has invalid value 'sideways'; expected absolute or"
                        + " percent");
        rejects(new FilterSpec("deadband", params("mode", "absolute", "band", "1")),
                "profile p channel t: attribute 'deadband.heartbeat.seconds' has invalid value ''; expected a value");
        rejects(new FilterSpec("outlier", params("window", "2")),
                "profile p channel t: attribute 'outlier.window' has invalid value '2'; expected 0 (off) or between 3"
                        + " and 31");
        rejects(new FilterSpec("interval", params("seconds", "ten")),
                "profile p channel t: attribute 'interval.seconds' has invalid value 'ten'; expected a whole number");
        rejects(new FilterSpec("aggregate", params("window.seconds", "60", "functions", "mean,median")),
                "profile p channel t: attribute 'aggregate.functions' has invalid value 'mean,median'; expected a"
                        + " comma-separated list of min, max, mean, count, last");
        rejects(new FilterSpec("range", params("action", "drop", "min", "NaN")),
                "profile p channel t: attribute 'range.min' has invalid value 'NaN'; expected a number");
        rejects(new FilterSpec("smooth", params()),
                "profile p channel t: attribute 'type' has invalid value 'smooth'; expected one of unit, range,"
                        + " outlier, deadband, interval, aggregate");
        rejects(new FilterSpec("unit", params("to", "deg C")),
                "profile p channel t: attribute 'unit.to' has invalid value 'deg C'; expected a SenML unit symbol"
                        + " such as Cel or m3");
    }

    @Test
    void rangeWithoutBoundsTakesTheProfileChannelsBounds() {
        ChainSpec spec = parser.parse(List.of(new FilterSpec("range", params("action", "flag"))),
                new ChannelSpec("t", "Cel", -40, 85));
        assertThat(spec.range()).isEqualTo(new ChainSpec.Range(-40, 85, RangeCheck.Action.FLAG));
        ChainSpec open = parser.parse(List.of(new FilterSpec("range", params("min", "0"))), null);
        assertThat(open.range()).isEqualTo(new ChainSpec.Range(0, Double.POSITIVE_INFINITY, RangeCheck.Action.DROP));
    }

    @Test
    void rejectsRangeMinAboveMax() {
        assertThatThrownBy(() -> parser.parse(List.of(new FilterSpec("range", params("min", "10", "max", "5"))), null))
                .hasMessageContaining("'range.min' has invalid value '10'");
    }

    @Test
    void laterFilterOfATypeReplacesTheEarlierAndZeroTurnsOff() {
        ChainSpec spec = parser.parse(List.of(
                new FilterSpec("deadband", params("mode", "absolute", "band", "1", "heartbeat.seconds", "60")),
                new FilterSpec("deadband", params("mode", "percent", "band", "5", "heartbeat.seconds", "900")),
                new FilterSpec("interval", params("seconds", "0")),
                new FilterSpec("aggregate", params("window.seconds", "0"))), null);
        assertThat(spec.deadband()).isEqualTo(new ChainSpec.Band(Deadband.Mode.PERCENT, 5, 900_000));
        assertThat(spec.intervalMillis()).isZero();
        assertThat(spec.aggregate()).isNull();
    }

    @Test
    void aggregateFunctionsDefaultToMean() {
        ChainSpec spec = parser.parse(List.of(new FilterSpec("aggregate", params("window.seconds", "300"))), null);
        assertThat(spec.aggregate()).isEqualTo(new ChainSpec.Aggregate(300_000, Set.of(AggregateFunction.MEAN)));
    }
}
