package io.cityhub.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic reading ids. The same observation always yields the same id, on any gateway and after any
 * restart, so the platform can drop the duplicates that at-least-once delivery produces.
 *
 * <p>An id is the first 128 bits of SHA-256 over the length-prefixed UTF-8 parts, as 32 lower-case hex digits.
 */
public final class ReadingIds {

    private ReadingIds() {
    }

    /**
     * The id of the observation of {@code channel} in {@code unit} by {@code sensorId} at {@code timestamp}. The
     * unit is part of the identity because SenML may report several quantities under one name at one time, told
     * apart only by unit (RFC 8428 §5.1.3: a position as {@code lon} and {@code lat}).
     *
     * @param sensorId the sensor, not null
     * @param channel the channel, not null
     * @param unit the unit symbol, empty for none, not null
     * @param timestamp when it was observed, not null
     * @return the deterministic id
     */
    public static String of(String sensorId, String channel, String unit, Instant timestamp) {
        return derive(sensorId, channel, unit, Long.toString(timestamp.getEpochSecond()),
                Integer.toString(timestamp.getNano()));
    }

    /**
     * An id derived from arbitrary identifying parts, for sources whose observations are identified by
     * something other than time (a LoRaWAN frame counter, a GPIO pulse count).
     *
     * @param parts the identifying parts, none null
     * @return the deterministic id
     */
    public static String derive(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (bytes.length >>> 24));
            sha.update((byte) (bytes.length >>> 16));
            sha.update((byte) (bytes.length >>> 8));
            sha.update((byte) bytes.length);
            sha.update(bytes);
        }
        byte[] digest = sha.digest();
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // every Java SE platform must provide SHA-256 (java.security.MessageDigest Javadoc)
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
