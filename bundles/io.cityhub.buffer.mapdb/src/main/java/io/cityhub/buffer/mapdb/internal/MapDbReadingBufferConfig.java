package io.cityhub.buffer.mapdb.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The outbox's configuration. Every attribute must have a value (none is valid empty). Bounds are the constants of
 * {@link BufferOptions}, which enforces the same ones. All but the store directory apply without a restart.
 */
@ObjectClassDefinition(id = MapDbReadingBuffer.PID, name = "cityhub outbox",
        description = "Durable outbox between the sensors and the uplink, and the archive behind replay requests.")
@interface MapDbReadingBufferConfig {

    @AttributeDefinition(
            name = "Store directory",
            description = "Directory of the store files. A relative path resolves against the gateway's data root: the"
                    + " property cityhub.data.dir (the standalone runtime's data directory), else Kura's data directory"
                    + " (system property kura.data, e.g. /opt/eclipse/kura/data), so the default is <data root>/buffer,"
                    + " else the bundle's persistent storage area in the OSGi framework; never the working directory."
                    + " Takes effect after a restart of the component.")
    String store_directory() default "buffer";

    @AttributeDefinition(name = "Maximum outbox size (bytes)", min = "" + BufferOptions.MIN_MAX_BYTES,
            description = "Bound of the readings waiting for delivery, as stored.")
    long max_bytes() default 1_073_741_824L;

    @AttributeDefinition(name = "Maximum age (seconds)", min = "0", max = "" + BufferOptions.MAX_AGE_SECONDS,
            description = "Readings waiting longer than this are dropped and reported in a gap record. 0: no limit."
                    + " The wait is measured by a clock that NTP or setting the time does not step.")
    long max_age_seconds() default 604_800L;

    @AttributeDefinition(name = "Full policy", description = "What happens when the outbox is at its size bound.",
            options = {
                @Option(label = "Drop the oldest readings of the lowest class", value = "drop-oldest"),
                @Option(label = "Reject new readings", value = "reject-new")})
    String full_policy() default "drop-oldest";

    @AttributeDefinition(name = "Minimum commit interval (ms)", min = "0",
            max = "" + BufferOptions.MAX_COMMIT_MIN_INTERVAL_MS,
            description = "Shortest time between two durable commits, to spare flash wear; appends arriving meanwhile "
                    + "join the next commit. 0: commit as soon as the previous commit is done (appends that arrive "
                    + "during a commit are grouped into the next one).")
    int commit_min_interval_ms() default 0;

    @AttributeDefinition(name = "Commit size (readings)", min = "" + BufferOptions.MIN_COMMIT_MAX_READINGS,
            max = "" + BufferOptions.MAX_COMMIT_MAX_READINGS,
            description = "Most readings in one commit; with a minimum interval, a commit happens early once this "
                    + "many readings wait.")
    int commit_max_readings() default 4096;

    @AttributeDefinition(name = "Retention size (bytes)", min = "0",
            description = "Delivered readings kept for replay requests, as stored. 0: keep none.")
    long retention_max_bytes() default 67_108_864L;

    @AttributeDefinition(name = "Retention age (seconds)", min = "0", max = "" + BufferOptions.MAX_AGE_SECONDS,
            description = "Delivered readings are kept for replay at most this long. 0: keep none.")
    long retention_max_age_seconds() default 86_400L;

    @AttributeDefinition(name = "Minimum free disk space (bytes)", min = "0",
            description = "Appends stop (state DISK_FULL) while the file system has less space than this.")
    long disk_min_free_bytes() default 16_777_216L;
}
