package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Reading;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * Position in a replay: the (timestamp, id) of the last reading returned. Opaque to callers (base64url of
 * {@code r1:<epochSecond>:<nano>:<id>}); the version prefix lets the format change without misreading old cursors.
 *
 * @param timestamp timestamp of the last reading returned
 * @param id id of the last reading returned
 */
record ReplayCursor(Instant timestamp, String id) {

    /** Replay order: by timestamp, then id, so pages are stable and duplicates are adjacent. */
    static final Comparator<Reading> ORDER = Comparator.comparing(Reading::timestamp).thenComparing(Reading::id);

    private static final String PREFIX = "r1:";

    static ReplayCursor after(Reading r) {
        return new ReplayCursor(r.timestamp(), r.id());
    }

    /** @return whether {@code r} comes after this position */
    boolean precedes(Reading r) {
        int c = r.timestamp().compareTo(timestamp);
        return c > 0 || c == 0 && r.id().compareTo(id) > 0;
    }

    String encode() {
        String plain = PREFIX + timestamp.getEpochSecond() + ":" + timestamp.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor from {@link #encode()}
     * @return the position
     * @throws IllegalArgumentException if this archive did not produce it
     */
    static ReplayCursor parse(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!plain.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a replay cursor: " + cursor);
            }
            String[] parts = plain.substring(PREFIX.length()).split(":", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not a replay cursor: " + cursor);
            }
            return new ReplayCursor(
                    Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a replay cursor: " + cursor, e);
        }
    }
}
