package io.cityhub.ingest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Validation limits of the ingest pipeline (Kura web UI: "cityhub ingest"). */
@ObjectClassDefinition(id = IngestPipeline.PID, name = "cityhub ingest",
        description = "Decodes what sensors send, validates the readings and hands them to the durable outbox.")
@interface IngestPipelineConfig {

    @AttributeDefinition(name = "Max future (s)", min = "0",
            description = "Readings stamped more than this many seconds after the gateway clock are rejected.")
    long max_future_seconds() default 86_400;

    @AttributeDefinition(name = "Earliest timestamp",
            description = "Readings stamped before this instant (ISO-8601, e.g. 2000-01-01T00:00:00Z) are rejected.")
    String min_timestamp() default "2000-01-01T00:00:00Z";

    @AttributeDefinition(name = "Max name length", min = "1",
            description = "Readings whose sensor id or channel is longer than this many characters are rejected.")
    int max_name_length() default 128;

    @AttributeDefinition(name = "Max readings per submission", min = "1",
            description = "Readings beyond this count in one submission (one CoAP request, one frame) are rejected.")
    int max_readings_per_submission() default 1000;
}
