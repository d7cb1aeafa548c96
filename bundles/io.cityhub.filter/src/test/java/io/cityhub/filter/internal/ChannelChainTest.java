package io.cityhub.filter.internal;

import static io.cityhub.filter.internal.Fixtures.reading;
import static io.cityhub.filter.internal.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.filter.Deadband;
import io.cityhub.filter.RangeCheck;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelChainTest {

    private final List<Reading> out = new ArrayList<>();

    private static ChainSpec spec(String unit, ChainSpec.Range range, ChainSpec.Band band, ChainSpec.Aggregate agg) {
        return new ChainSpec(unit, range, null, band, 0, agg);
    }

    @Test
    void convertsToTheCanonicalUnitBeforeTheRangeCheckKeepingTheId() {
        ChannelChain chain = new ChannelChain(spec("Cel", new ChainSpec.Range(-40, 85, RangeCheck.Action.DROP),
                null, null));
        Reading kelvin = reading("s1", "t", 300, "K", 0);
        assertThat(chain.offer(kelvin, out)).isEqualTo(ChannelChain.Outcome.PASSED);
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.unit()).isEqualTo("Cel");
            assertThat(value(r)).isCloseTo(26.85, within(1e-9));
            assertThat(r.id()).isEqualTo(kelvin.id());
        });
        assertThat(chain.offer(reading("s1", "t", 400, "K", 1), out)).isEqualTo(ChannelChain.Outcome.DROPPED_RANGE);
        assertThat(out).hasSize(1);
    }

    @Test
    void unconvertibleUnitPassesUnfilteredRatherThanBeingJudgedInTheWrongUnit() {
        ChannelChain chain = new ChannelChain(spec("Cel", new ChainSpec.Range(-40, 85, RangeCheck.Action.DROP),
                null, null));
        assertThat(chain.offer(reading("s1", "t", 1013, "hPa", 0), out))
                .isEqualTo(ChannelChain.Outcome.UNCONVERTIBLE);
        assertThat(out).singleElement().satisfies(r -> assertThat(r.unit()).isEqualTo("hPa"));
    }

    @Test
    void flaggedReadingIsStoredMarkedAndSkipsTheRestOfTheChain() {
        ChannelChain chain = new ChannelChain(spec(null, new ChainSpec.Range(0, 100, RangeCheck.Action.FLAG),
                new ChainSpec.Band(Deadband.Mode.ABSOLUTE, 1, 60_000), null));
        chain.offer(reading("s1", "t", 50, "", 0), out);
        assertThat(chain.offer(reading("s1", "t", 150, "", 1), out)).isEqualTo(ChannelChain.Outcome.FLAGGED);
        assertThat(out.get(1).source().attributes()).containsEntry("filter.flag", "out-of-range");
        // the flagged 150 did not move the deadband's reference: 50.5 is still within the band of 50
        assertThat(chain.offer(reading("s1", "t", 50.5, "", 2), out))
                .isEqualTo(ChannelChain.Outcome.DROPPED_DEADBAND);
    }

    @Test
    void nonNumericReadingsPassUnchanged() {
        ChannelChain chain = new ChannelChain(spec(null, new ChainSpec.Range(0, 1, RangeCheck.Action.DROP),
                null, null));
        Reading door = Reading.of("s1", "door", ReadingValue.of(true), "", Fixtures.T0, ClockQuality.SYNCHRONISED,
                SourceMetadata.of("gpio"));
        assertThat(chain.offer(door, out)).isEqualTo(ChannelChain.Outcome.PASSED);
        assertThat(out).containsExactly(door);
    }

    @Test
    void closedWindowBecomesAggregateReadingsStampedWithItsStart() {
        ChannelChain chain = new ChannelChain(spec(null, null, null,
                new ChainSpec.Aggregate(60_000, EnumSet.of(AggregateFunction.MIN, AggregateFunction.MEAN,
                        AggregateFunction.COUNT))));
        for (int i = 0; i < 3; i++) {
            assertThat(chain.offer(reading("s1", "t", 10 + i, "Cel", i * 20L), out))
                    .isEqualTo(ChannelChain.Outcome.AGGREGATED);
        }
        assertThat(out).isEmpty();
        chain.offer(reading("s1", "t", 99, "Cel", 60), out);
        assertThat(out).extracting(Reading::channel).containsExactly("t:min", "t:mean", "t:count");
        assertThat(out).extracting(Fixtures::value).containsExactly(10.0, 11.0, 3.0);
        assertThat(out).extracting(Reading::unit).containsExactly("Cel", "Cel", "");
        assertThat(out).allSatisfy(r -> {
            assertThat(r.timestamp()).isEqualTo(Fixtures.T0);
            assertThat(r.source().attributes()).containsEntry("aggregate.window", "PT1M")
                    .containsEntry("aggregate.end", "2026-11-30T10:01:00Z").containsEntry("aggregate.partial", "false");
        });
        assertThat(out).extracting(Reading::id).doesNotHaveDuplicates();
    }

    @Test
    void partialWindowNeverSharesAnIdWithTheCompleteWindowOfThePeriod() {
        ChainSpec.Aggregate agg = new ChainSpec.Aggregate(60_000, EnumSet.of(AggregateFunction.MEAN));
        ChannelChain chain = new ChannelChain(spec(null, null, null, agg));
        chain.offer(reading("s1", "t", 1, "", 0), out);
        chain.offer(reading("s1", "t", 2, "", -60), out); // clock back: the open window closes as partial
        chain.offer(reading("s1", "t", 3, "", 10), out); // forward again, same period as the partial one
        chain.offer(reading("s1", "t", 4, "", 70), out); // closes it
        assertThat(out).hasSize(3);
        assertThat(out.get(0).source().attributes()).containsEntry("aggregate.partial", "true");
        assertThat(out.get(2).timestamp()).isEqualTo(out.get(0).timestamp());
        assertThat(out.get(2).id()).isNotEqualTo(out.get(0).id());
    }
}
