package io.cityhub.buffer.mapdb.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Opens the real outbox with its defaults for a benchmark in another package (plain classpath, not OSGi). */
public final class BenchmarkOutbox {

    private BenchmarkOutbox() {
    }

    /** @return the outbox with the metatype defaults in {@code dir}, no age limit, no free-space limit */
    public static MapDbReadingBuffer open(Path dir) {
        return new MapDbReadingBuffer(BufferOptions.defaults(dir).withMaxAge(Duration.ZERO), Clock.systemUTC(),
                () -> Long.MAX_VALUE);
    }

    /** Closes the outbox as DS would. */
    public static void close(MapDbReadingBuffer buffer) {
        buffer.deactivate();
    }
}
