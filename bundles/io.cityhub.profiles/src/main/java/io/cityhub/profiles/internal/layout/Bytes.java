package io.cityhub.profiles.internal.layout;

/** Reads unsigned integers of 1..8 bytes. */
final class Bytes {

    private Bytes() {
    }

    /** @return the {@code size} bytes at {@code at} as an unsigned number (8 bytes: the two's-complement bits) */
    static long unsigned(byte[] bytes, int at, int size, boolean littleEndian) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int b = bytes[littleEndian ? at + size - 1 - i : at + i] & 0xFF;
            value = value << 8 | b;
        }
        return value;
    }
}
