package io.cityhub.buffer.mapdb.internal;

import java.util.Locale;

/** What the outbox does when an append would pass its size bound. */
enum FullPolicy {
    /** Drop the oldest chunk of the lowest non-empty class, report it in a gap record, take the new readings. */
    DROP_OLDEST,
    /** Fail the append with {@code BufferFullException}; the source answers "try later". */
    REJECT_NEW;

    /** @return the configuration value, e.g. {@code drop-oldest} */
    String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static FullPolicy fromConfig(String value) {
        for (FullPolicy p : values()) {
            if (p.configValue().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown full policy " + value);
    }
}
