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

    /**
     * One digest per thread: looking SHA-256 up in the security providers for every id cost about as much as hashing
     * the id's few dozen bytes. {@link MessageDigest#digest(byte[])} resets the digest, so a thread's digest is
     * always ready for the next id.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ReadingIds::sha256);

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
        // one message and one digest call: per-byte updates and a byte array per part cost more than the hashing
        // (benchmarks/RESULTS.md, declarative decoding); parts are almost always ASCII, written as they are
        int length = 0;
        boolean ascii = true;
        for (String part : parts) {
            length += 4 + part.length();
            ascii &= isAscii(part);
        }
        if (!ascii) {
            return hex(utf8Message(parts));
        }
        byte[] message = new byte[length];
        int at = 0;
        for (String part : parts) {
            at = lengthPrefix(message, at, part.length());
            for (int i = 0; i < part.length(); i++) {
                message[at++] = (byte) part.charAt(i);
            }
        }
        return hex(message);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static byte[] utf8Message(String... parts) {
        byte[][] encoded = new byte[parts.length][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + encoded[i].length;
        }
        byte[] message = new byte[length];
        int at = 0;
        for (byte[] bytes : encoded) {
            at = lengthPrefix(message, at, bytes.length);
            System.arraycopy(bytes, 0, message, at, bytes.length);
            at += bytes.length;
        }
        return message;
    }

    private static int lengthPrefix(byte[] message, int at, int length) {
        message[at] = (byte) (length >>> 24);
        message[at + 1] = (byte) (length >>> 16);
        message[at + 2] = (byte) (length >>> 8);
        message[at + 3] = (byte) length;
        return at + 4;
    }

    private static String hex(byte[] message) {
        return HexFormat.of().formatHex(SHA_256.get().digest(message), 0, 16);
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
