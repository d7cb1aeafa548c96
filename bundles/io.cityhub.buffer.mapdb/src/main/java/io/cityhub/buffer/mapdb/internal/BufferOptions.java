package io.cityhub.buffer.mapdb.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Validated configuration of the outbox. The bounds below are the single source of the metatype's min/max
 * ({@link MapDbReadingBufferConfig} uses the same constants) and of the checks in {@link #from}.
 *
 * @param directory where the store files live, absolute
 * @param maxBytes bound of pending readings as stored
 * @param maxAge pending readings older than this are dropped; {@link Duration#ZERO} for no limit
 * @param fullPolicy what happens at the bound
 * @param commitMinInterval shortest time between the starts of two commits (flash wear); zero: commit as soon as
 *     the writer is free
 * @param commitMaxReadings most readings in one commit
 * @param retentionMaxBytes bound of the replay archive as stored; 0 disables it
 * @param retentionMaxAge delivered readings are archived at most this long; zero disables the archive
 * @param minFreeBytes appends stop while the file system has no more usable space than this
 */
record BufferOptions(Path directory, long maxBytes, Duration maxAge, FullPolicy fullPolicy, Duration commitMinInterval,
        int commitMaxReadings, long retentionMaxBytes, Duration retentionMaxAge, long minFreeBytes) {

    /** Smallest outbox bound: a few chunks. */
    static final long MIN_MAX_BYTES = 65_536;
    /** Longest age limit (pending or retained), ten years: keeps every millisecond computation in range. */
    static final long MAX_AGE_SECONDS = 315_360_000L;
    /** Longest minimum commit interval. */
    static final int MAX_COMMIT_MIN_INTERVAL_MS = 10_000;
    /** Smallest and largest commit size. */
    static final int MIN_COMMIT_MAX_READINGS = 1;
    static final int MAX_COMMIT_MAX_READINGS = 1_000_000;

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

    BufferOptions withDirectory(Path dir) {
        return new BufferOptions(dir, maxBytes, maxAge, fullPolicy, commitMinInterval, commitMaxReadings,
                retentionMaxBytes, retentionMaxAge, minFreeBytes);
    }

    /**
     * @param config the metatype configuration
     * @param dataRoot where a relative {@code store.directory} resolves; asked only for a relative one
     * @return the validated options, with an absolute directory
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected ...}
     */
    static BufferOptions from(MapDbReadingBufferConfig config, Supplier<DataRoot> dataRoot) {
        String dir = config.store_directory();
        Path directory;
        try {
            directory = Path.of(check("store.directory", dir, dir != null && !dir.isBlank(),
                    "a directory path, absolute or relative to the data root").trim());
        } catch (InvalidPathException e) {
            throw invalid("store.directory", dir, "a directory path, absolute or relative to the data root");
        }
        if (!directory.isAbsolute()) {
            try {
                directory = dataRoot.get().resolve(directory);
            } catch (IllegalArgumentException e) {
                throw invalid("store.directory", dir, "an absolute path, since the data root is unusable: "
                        + e.getMessage());
            }
        }
        FullPolicy policy;
        try {
            policy = FullPolicy.fromConfig(config.full_policy());
        } catch (IllegalArgumentException e) {
            throw invalid("full.policy", config.full_policy(), "one of drop-oldest, reject-new");
        }
        return new BufferOptions(directory,
                atLeast("max.bytes", config.max_bytes(), MIN_MAX_BYTES),
                Duration.ofSeconds(between("max.age.seconds", config.max_age_seconds(), 0, MAX_AGE_SECONDS)),
                policy,
                Duration.ofMillis(between("commit.min.interval.ms", config.commit_min_interval_ms(), 0,
                        MAX_COMMIT_MIN_INTERVAL_MS)),
                (int) between("commit.max.readings", config.commit_max_readings(), MIN_COMMIT_MAX_READINGS,
                        MAX_COMMIT_MAX_READINGS),
                atLeast("retention.max.bytes", config.retention_max_bytes(), 0),
                Duration.ofSeconds(between("retention.max.age.seconds", config.retention_max_age_seconds(), 0,
                        MAX_AGE_SECONDS)),
                atLeast("disk.min.free.bytes", config.disk_min_free_bytes(), 0));
    }

    private static long atLeast(String attribute, long value, long min) {
        return check(attribute, value, value >= min, "at least " + min);
    }

    private static long between(String attribute, long value, long min, long max) {
        return check(attribute, value, value >= min && value <= max, "an integer from " + min + " to " + max);
    }

    private static <T> T check(String attribute, T value, boolean valid, String expected) {
        if (!valid) {
            throw invalid(attribute, value, expected);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(MapDbReadingBuffer.PID + ": attribute '" + attribute
                + "' has invalid value '" + value + "'; expected " + expected);
    }
}
