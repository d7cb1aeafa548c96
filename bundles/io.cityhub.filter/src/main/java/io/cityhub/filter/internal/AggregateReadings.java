package io.cityhub.filter.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.filter.TumblingAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a closed window becomes readings. SenML (RFC 8428) has no aggregate record, so each function is a reading of
 * its own: channel {@code <channel>:<function>} (e.g. {@code temperature:mean}), the channel's unit (none for
 * {@code count}), stamped with the window's start, and the source attributes {@code aggregate.window} (ISO-8601
 * duration), {@code aggregate.end} (exclusive end, ISO-8601 instant) and {@code aggregate.partial} ({@code true} if
 * the window was closed before its end). Ids derive from sensor, channel, function, window and, for a partial
 * window, its count and last value, so a restart re-sending the same window gives the same ids while a partial window
 * never shares an id with a later one of the same period.
 */
final class AggregateReadings {

    static final String WINDOW = "aggregate.window";
    static final String END = "aggregate.end";
    static final String PARTIAL = "aggregate.partial";

    private AggregateReadings() {
    }

    /** What the aggregate readings of a channel share, taken from its latest reading. */
    record Template(String sensorId, String channel, String unit, ClockQuality clockQuality, Priority priority,
            String transport) {
        static Template of(Reading r) {
            return new Template(r.sensorId(), r.channel(), r.unit(), r.clockQuality(), r.priority(),
                    r.source().transport());
        }
    }

    /** An open window with what its readings need, e.g. to persist across a restart. */
    record Pending(Template template, TumblingAggregate.Window window, ChainSpec.Aggregate aggregate) {
    }

    static void add(Template t, TumblingAggregate.Window w, ChainSpec.Aggregate spec, List<Reading> out) {
        Instant start = Instant.ofEpochMilli(w.startMillis());
        Map<String, String> attributes = Map.of(WINDOW, Duration.ofMillis(spec.windowMillis()).toString(),
                END, start.plusMillis(spec.windowMillis()).toString(), PARTIAL, Boolean.toString(w.partial()));
        SourceMetadata source = new SourceMetadata(t.transport(), null, null, attributes);
        for (AggregateFunction f : AggregateFunction.values()) {
            if (!spec.functions().contains(f)) {
                continue;
            }
            double value = f.of(w);
            if (!Double.isFinite(value)) { // a sum beyond the double range; min, max, count and last still go out
                continue;
            }
            String channel = t.channel() + ":" + f.symbol();
            String unit = f == AggregateFunction.COUNT ? "" : t.unit();
            String id = ReadingIds.derive("aggregate", t.sensorId(), channel, unit, Long.toString(w.startMillis()),
                    Long.toString(spec.windowMillis()),
                    w.partial() ? "partial " + w.count() + " " + w.last() : "complete");
            out.add(new Reading(id, t.sensorId(), channel, ReadingValue.of(value), unit, start, t.clockQuality(),
                    t.priority(), source));
        }
    }
}
