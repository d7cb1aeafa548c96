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

    // Bounds: one source for the checks below and the metatype's min/max (IngestPipelineConfig)
    /** no earlier than the gateway clock would reject every reading from a sensor whose clock runs slightly ahead */
    public static final long MIN_FUTURE_SECONDS = 0;
    /** ten years: anything further ahead is a broken clock, not a forecast */
    public static final long MAX_FUTURE_SECONDS = 315_360_000L;
    public static final int MIN_NAME_LENGTH = 1;
    public static final int MAX_NAME_LENGTH = 4_096;
    public static final int MIN_READINGS_PER_SUBMISSION = 1;
    public static final int MAX_READINGS_PER_SUBMISSION = 100_000;

    /** The metatype defaults. */
    public static final IngestOptions DEFAULTS = new IngestOptions(Duration.ofDays(1),
            Instant.parse("2000-01-01T00:00:00Z"), 128, 1000);

    /** @throws IllegalArgumentException naming PID, attribute and value if one is out of range */
    public IngestOptions {
        range("max.future.seconds", maxFuture.toSeconds(), MIN_FUTURE_SECONDS, MAX_FUTURE_SECONDS);
        range("max.name.length", maxNameLength, MIN_NAME_LENGTH, MAX_NAME_LENGTH);
        range("max.readings.per.submission", maxReadingsPerSubmission, MIN_READINGS_PER_SUBMISSION,
                MAX_READINGS_PER_SUBMISSION);
    }

    static IngestOptions from(IngestPipelineConfig config) {
        Instant floor;
        try {
            floor = Instant.parse(config.min_timestamp());
        } catch (DateTimeParseException e) {
            throw invalid("min.timestamp", config.min_timestamp(), "an ISO-8601 instant such as 2000-01-01T00:00:00Z");
        }
        range("max.future.seconds", config.max_future_seconds(), MIN_FUTURE_SECONDS, MAX_FUTURE_SECONDS);
        return new IngestOptions(Duration.ofSeconds(config.max_future_seconds()), floor, config.max_name_length(),
                config.max_readings_per_submission());
    }

    private static void range(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(attribute, value, "between " + min + " and " + max);
        }
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(IngestPipeline.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }
}
