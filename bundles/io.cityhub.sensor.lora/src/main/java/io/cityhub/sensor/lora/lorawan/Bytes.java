package io.cityhub.sensor.lora.lorawan;

import java.util.HexFormat;

/** Little-endian field access and hex, as LoRaWAN puts every multi-byte field on air LSB first (1.0.2 §1.2). */
public final class Bytes {

    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    /** @return {@code n} bytes at {@code off}, little-endian, as an unsigned number (n ≤ 8) */
    public static long getLe(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Writes the {@code n} low bytes of {@code v} at {@code off}, little-endian. */
    public static void putLe(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Writes {@code v} at {@code off} as 4 bytes little-endian. */
    public static void putIntLe(byte[] b, int off, int v) {
        putLe(b, off, v, 4);
    }

    /** @return lower-case hex of the bytes in the given order; empty for an empty array */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** @return {@code value} as {@code digits} lower-case hex digits, most significant first (display order) */
    public static String hex(long value, int digits) {
        String h = Long.toHexString(value);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /**
     * @param hex an even number of hex digits, either case
     * @return the bytes
     * @throws IllegalArgumentException naming the defect if it is not hex
     */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }
}
