package io.cityhub.buffer.mapdb.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated configuration of the outbox.
 *
 * @param directory where the store files live
 * @param maxBytes bound of pending readings as stored
 * @param maxAge pending readings older than this are dropped; {@link Duration#ZERO} for no limit
 * @param fullPolicy what happens at the bound
 * @param commitMinInterval shortest time between the starts of two commits (flash wear); zero: commit as soon as
 *     the writer is free
 * @param commitMaxReadings a commit happens early once this many readings wait
 * @param retentionMaxBytes bound of the replay archive as stored; 0 disables it
 * @param retentionMaxAge delivered readings are archived at most this long; zero disables the archive
 * @param minFreeBytes appends stop while the file system has no more usable space than this
 */
record BufferOptions(Path directory, long maxBytes, Duration maxAge, FullPolicy fullPolicy, Duration commitMinInterval,
        int commitMaxReadings, long retentionMaxBytes, Duration retentionMaxAge, long minFreeBytes) {

    /** @return whether delivered readings are archived for replay */
    boolean retains() {
        return retentionMaxBytes > 0 && !retentionMaxAge.isZero();
    }

    /** @return defaults of the metatype, in {@code directory} */
    static BufferOptions defaults(Path directory) {
        return new BufferOptions(directory, 1_073_741_824L, Duration.ofDays(7), FullPolicy.DROP_OLDEST,
                Duration.ZERO, 4096, 67_108_864L, Duration.ofDays(1), 16_777_216L);
    }

    BufferOptions withMaxBytes(long bytes) {
        return new BufferOptions(directory, bytes, maxAge, fullPolicy, commitMinInterval, commitMaxReadings,
                retentionMaxBytes, retentionMaxAge, minFreeBytes);
    }

    BufferOptions withMaxAge(Duration age) {
        return new BufferOptions(directory, maxBytes, age, fullPolicy, commitMinInterval, commitMaxReadings,
                retentionMaxBytes, retentionMaxAge, minFreeBytes);
    }

    BufferOptions withFullPolicy(FullPolicy policy) {
        return new BufferOptions(directory, maxBytes, maxAge, policy, commitMinInterval, commitMaxReadings,
                retentionMaxBytes, retentionMaxAge, minFreeBytes);
    }

    BufferOptions withCommit(Duration minInterval, int maxReadings) {
        return new BufferOptions(directory, maxBytes, maxAge, fullPolicy, minInterval, maxReadings,
                retentionMaxBytes, retentionMaxAge, minFreeBytes);
    }

    BufferOptions withRetention(long bytes, Duration age) {
        return new BufferOptions(directory, maxBytes, maxAge, fullPolicy, commitMinInterval, commitMaxReadings,
                bytes, age, minFreeBytes);
    }

    /**
     * @param config the metatype configuration
     * @return the validated options
     * @throws IllegalArgumentException naming PID, attribute and value when a value is out of range
     */
    static BufferOptions from(MapDbReadingBufferConfig config) {
        Path directory;
        try {
            directory = Path.of(require(config.store_directory(), !config.store_directory().isBlank(), "store.directory"));
        } catch (InvalidPathException e) {
            throw invalid("store.directory", config.store_directory(), e);
        }
        FullPolicy policy;
        try {
            policy = FullPolicy.fromConfig(config.full_policy());
        } catch (IllegalArgumentException e) {
            throw invalid("full.policy", config.full_policy(), e);
        }
        return new BufferOptions(directory,
                require(config.max_bytes(), config.max_bytes() >= 65_536, "max.bytes"),
                Duration.ofSeconds(require(config.max_age_seconds(), config.max_age_seconds() >= 0, "max.age.seconds")),
                policy,
                Duration.ofMillis(require(config.commit_min_interval_ms(),
                        config.commit_min_interval_ms() >= 0 && config.commit_min_interval_ms() <= 10_000,
                        "commit.min.interval.ms")),
                require(config.commit_max_readings(),
                        config.commit_max_readings() >= 1 && config.commit_max_readings() <= 1_000_000, "commit.max.readings"),
                require(config.retention_max_bytes(), config.retention_max_bytes() >= 0, "retention.max.bytes"),
                Duration.ofSeconds(require(config.retention_max_age_seconds(), config.retention_max_age_seconds() >= 0,
                        "retention.max.age.seconds")),
                require(config.disk_min_free_bytes(), config.disk_min_free_bytes() >= 0, "disk.min.free.bytes"));
    }

    private static <T> T require(T value, boolean valid, String attribute) {
        if (!valid) {
            throw invalid(attribute, value, null);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String attribute, Object value, Throwable cause) {
        return new IllegalArgumentException(MapDbReadingBuffer.PID + ": invalid " + attribute + " = " + value, cause);
    }
}
