package io.cityhub.filter.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.filter.Deadband;
import io.cityhub.filter.HampelFilter;
import io.cityhub.filter.MinInterval;
import io.cityhub.filter.RangeCheck;
import io.cityhub.filter.TumblingAggregate;
import io.cityhub.filter.UnitConversion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sensor channel's filter chain with its state. Not thread-safe: the caller serialises the readings of a channel.
 * Only numeric readings are filtered; boolean and text readings pass unchanged.
 */
final class ChannelChain {

    /** Source attribute set on a reading stored although out of range ({@code range.action = flag}). */
    static final String FLAG_ATTRIBUTE = "filter.flag";
    static final String OUT_OF_RANGE = "out-of-range";

    /** Why a reading was left out, or what else happened to it; names of the health counters. */
    enum Outcome {
        PASSED, UNCONVERTIBLE, FLAGGED, DROPPED_RANGE, DROPPED_OUTLIER, DROPPED_DEADBAND, DROPPED_INTERVAL, AGGREGATED;

        boolean dropped() {
            return this != PASSED && this != UNCONVERTIBLE && this != FLAGGED;
        }
    }

    private final ChainSpec spec;
    private final RangeCheck range;
    private final HampelFilter outlier;
    private final Deadband deadband;
    private final MinInterval interval;
    private final TumblingAggregate aggregate;
    private final Map<String, Optional<UnitConversion>> conversions = new HashMap<>();

    private HampelFilter.State outlierState = HampelFilter.State.EMPTY;
    private Deadband.State deadbandState = Deadband.State.EMPTY;
    private MinInterval.State intervalState = MinInterval.State.EMPTY;
    private TumblingAggregate.Window window;
    private AggregateReadings.Template template;

    ChannelChain(ChainSpec spec) {
        this.spec = spec;
        this.range = spec.range() == null ? null
                : new RangeCheck(spec.range().min(), spec.range().max(), spec.range().action());
        this.outlier = spec.outlier() == null ? null
                : new HampelFilter(spec.outlier().window(), spec.outlier().threshold());
        this.deadband = spec.deadband() == null ? null
                : new Deadband(spec.deadband().mode(), spec.deadband().band(), spec.deadband().heartbeatMillis());
        this.interval = spec.intervalMillis() == 0 ? null : new MinInterval(spec.intervalMillis());
        this.aggregate = spec.aggregate() == null ? null : new TumblingAggregate(spec.aggregate().windowMillis());
    }

    ChainSpec spec() {
        return spec;
    }

    /**
     * Runs one reading through the chain.
     *
     * @param reading a valid reading of this channel
     * @param out receives what is to be stored: the reading (converted, flagged) if it passes, and the aggregates of
     *     a window it closed
     * @return what happened to the reading
     */
    Outcome offer(Reading reading, List<Reading> out) {
        if (!(reading.value() instanceof ReadingValue.NumberValue number)) {
            out.add(reading);
            return Outcome.PASSED;
        }
        double value = number.value();
        Reading current = reading;
        if (spec.unit() != null && !spec.unit().equals(reading.unit())) {
            Optional<UnitConversion> conversion = conversions.computeIfAbsent(reading.unit(),
                    from -> UnitConversion.between(from, spec.unit()));
            if (conversion.isEmpty()) {
                // bounds and bands are in the canonical unit: filtering a foreign unit against them would be wrong
                out.add(reading);
                return Outcome.UNCONVERTIBLE;
            }
            value = conversion.get().apply(value);
            if (!Double.isFinite(value)) { // a conversion overflowed: treat like a value out of range
                return range != null && range.action() == RangeCheck.Action.FLAG ? passFlagged(reading, out)
                        : Outcome.DROPPED_RANGE;
            }
            current = withValue(reading, value, spec.unit());
        }
        if (range != null && !range.inRange(value)) {
            if (range.action() == RangeCheck.Action.DROP) {
                return Outcome.DROPPED_RANGE;
            }
            // stored as it is, marked; it skips the rest of the chain so it neither shifts a median or a band nor
            // hides inside an aggregate
            return passFlagged(current, out);
        }
        long at = current.timestamp().toEpochMilli();
        if (outlier != null) {
            HampelFilter.Decision d = outlier.apply(outlierState, value);
            outlierState = d.next();
            if (!d.pass()) {
                return Outcome.DROPPED_OUTLIER;
            }
        }
        if (deadband != null) {
            Deadband.Decision d = deadband.apply(deadbandState, value, at);
            deadbandState = d.next();
            if (!d.pass()) {
                return Outcome.DROPPED_DEADBAND;
            }
        }
        if (interval != null) {
            MinInterval.Decision d = interval.apply(intervalState, at);
            intervalState = d.next();
            if (!d.pass()) {
                return Outcome.DROPPED_INTERVAL;
            }
        }
        if (aggregate != null) {
            TumblingAggregate.Step step = aggregate.apply(window, value, at);
            if (step.closed() != null) {
                AggregateReadings.add(template, step.closed(), spec.aggregate(), out);
            }
            window = step.open();
            template = AggregateReadings.Template.of(current);
            return Outcome.AGGREGATED;
        }
        out.add(current);
        return Outcome.PASSED;
    }

    private static Outcome passFlagged(Reading reading, List<Reading> out) {
        out.add(flag(reading));
        return Outcome.FLAGGED;
    }

    /** @return the open aggregation window with what its readings need, or null if none is open */
    AggregateReadings.Pending pending() {
        return window == null ? null : new AggregateReadings.Pending(template, window, spec.aggregate());
    }

    /** Continues a window persisted before a restart, if this chain aggregates over windows of the same length. */
    boolean resume(AggregateReadings.Pending pending) {
        if (aggregate == null || pending.aggregate().windowMillis() != aggregate.lengthMillis() || window != null) {
            return false;
        }
        window = pending.window();
        template = pending.template();
        return true;
    }

    private static Reading withValue(Reading r, double value, String unit) {
        // the same observation, so the same id: the platform's duplicate detection keeps working
        return new Reading(r.id(), r.sensorId(), r.channel(), ReadingValue.of(value), unit, r.timestamp(),
                r.clockQuality(), r.priority(), r.source());
    }

    private static Reading flag(Reading r) {
        Map<String, String> attributes = new HashMap<>(r.source().attributes());
        attributes.put(FLAG_ATTRIBUTE, OUT_OF_RANGE);
        SourceMetadata s = r.source();
        return new Reading(r.id(), r.sensorId(), r.channel(), r.value(), r.unit(), r.timestamp(), r.clockQuality(),
                r.priority(), new SourceMetadata(s.transport(), s.rssiDbm(), s.snrDb(), attributes));
    }
}
