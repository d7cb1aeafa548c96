package io.cityhub.ingest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Validation limits of the ingest pipeline (Kura web UI: "cityhub ingest"). All apply live (modified), without a
 * restart. Min/max are the constants {@link IngestOptions} checks against.
 */
@ObjectClassDefinition(id = IngestPipeline.PID, name = "cityhub ingest",
        description = "Decodes what sensors send, validates the readings and hands them to the durable outbox.")
@interface IngestPipelineConfig {

    /** Every attribute applies without a restart. */
    String LIVE = " Applied live, without a restart.";

    @AttributeDefinition(name = "Max future (s)", min = "" + IngestOptions.MIN_FUTURE_SECONDS,
            max = "" + IngestOptions.MAX_FUTURE_SECONDS,
            description = "Readings stamped more than this many seconds after the gateway clock are rejected."
                    + LIVE)
    long max_future_seconds() default 86_400;

    @AttributeDefinition(name = "Earliest timestamp",
            description = "Readings stamped before this instant (ISO-8601, e.g. 2000-01-01T00:00:00Z) are rejected."
                    + LIVE)
    String min_timestamp() default "2000-01-01T00:00:00Z";

    @AttributeDefinition(name = "Max name length", min = "" + IngestOptions.MIN_NAME_LENGTH,
            max = "" + IngestOptions.MAX_NAME_LENGTH,
            description = "Readings whose sensor id or channel is longer than this many characters are rejected."
                    + LIVE)
    int max_name_length() default 128;

    @AttributeDefinition(name = "Max readings per submission", min = "" + IngestOptions.MIN_READINGS_PER_SUBMISSION,
            max = "" + IngestOptions.MAX_READINGS_PER_SUBMISSION,
            description = "Readings beyond this count in one submission (one CoAP request, one frame) are rejected."
                    + LIVE)
    int max_readings_per_submission() default 1000;
}
