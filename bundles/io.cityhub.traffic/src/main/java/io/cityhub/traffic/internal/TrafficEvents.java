package io.cityhub.traffic.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.ObservationSink;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an intersection's safety events to ingest as {@link Priority#SAFETY} readings (issue 13: they drain first
 * and are the last thing the outbox drops). Sensor id {@code traffic/<intersection>}; one text reading per event on
 * channel {@value #MONITOR_TRIP}, {@value #DETECTOR_FAULT}, {@value #OUTPUT_FAULT} or {@value #MODE}.
 */
final class TrafficEvents {

    /** Channel of a conflict-monitor trip; value {@code KIND: detail}. */
    static final String MONITOR_TRIP = "monitor-trip";
    /** Channel of a detector fault; value {@code detector: reason}. */
    static final String DETECTOR_FAULT = "detector-fault";
    /** Channel of an output that refused a command; value {@code output: reason}. */
    static final String OUTPUT_FAULT = "output-fault";
    /** Channel of a change of operating mode; value the mode (see {@link IntersectionRunner#mode()}). */
    static final String MODE = "mode";

    private static final Logger LOG = LoggerFactory.getLogger(TrafficEvents.class);
    private static final SourceMetadata SOURCE = SourceMetadata.of("traffic");

    private final ObservationSink sink;
    private final Clock clock;
    private final ClockQuality clockQuality;

    TrafficEvents(ObservationSink sink, Clock clock, ClockQuality clockQuality) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockQuality = Objects.requireNonNull(clockQuality, "clockQuality");
    }

    /** Submits one event; does not wait for it to be durable (the tick thread must not block). */
    void report(String intersection, String channel, String value) {
        LOG.warn("traffic {}: {} {}", intersection, channel, value);
        Reading reading = Reading.of("traffic/" + intersection, channel, ReadingValue.of(value), "",
                clock.instant(), clockQuality, SOURCE).withPriority(Priority.SAFETY);
        try {
            sink.submit(List.of(reading)).whenComplete((receipt, failure) -> {
                if (failure != null) {
                    LOG.error("traffic {}: {} event '{}' not stored: {}", intersection, channel, value,
                            failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("traffic {}: {} event '{}' not stored: {}", intersection, channel, value, e.toString());
        }
    }
}
