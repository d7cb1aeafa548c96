package io.cityhub.ingest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Validated configuration of the ingest pipeline. Public only so that tests of other modules (the CoAP server)
 * can build a real pipeline; the package is not exported.
 *
 * @param maxFuture how far after the gateway clock a timestamp may lie, not negative
 * @param minTimestamp the earliest acceptable timestamp
 * @param maxNameLength longest acceptable sensor id or channel, at least 1
 * @param maxReadingsPerSubmission most readings taken from one submission, at least 1
 */
public record IngestOptions(Duration maxFuture, Instant minTimestamp, int maxNameLength, int maxReadingsPerSubmission) {

    /** The metatype defaults. */
    public static final IngestOptions DEFAULTS = new IngestOptions(Duration.ofDays(1),
            Instant.parse("2000-01-01T00:00:00Z"), 128, 1000);

    /** @throws IllegalArgumentException naming the attribute and value if one is out of range */
    public IngestOptions {
        if (maxFuture.isNegative()) {
            throw invalid("max.future.seconds", maxFuture.toSeconds());
        }
        if (maxNameLength < 1) {
            throw invalid("max.name.length", maxNameLength);
        }
        if (maxReadingsPerSubmission < 1) {
            throw invalid("max.readings.per.submission", maxReadingsPerSubmission);
        }
    }

    static IngestOptions from(IngestPipelineConfig config) {
        Instant floor;
        try {
            floor = Instant.parse(config.min_timestamp());
        } catch (DateTimeParseException e) {
            throw invalid("min.timestamp", config.min_timestamp());
        }
        if (config.max_future_seconds() < 0) {
            throw invalid("max.future.seconds", config.max_future_seconds());
        }
        return new IngestOptions(Duration.ofSeconds(config.max_future_seconds()), floor, config.max_name_length(),
                config.max_readings_per_submission());
    }

    private static IllegalArgumentException invalid(String attribute, Object value) {
        return new IllegalArgumentException(IngestPipeline.PID + ": invalid " + attribute + " '" + value + "'");
    }
}
