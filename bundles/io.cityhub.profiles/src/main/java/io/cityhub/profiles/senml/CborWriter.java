package io.cityhub.profiles.senml;

import java.nio.charset.StandardCharsets;

/**
 * The few CBOR items SenML needs (RFC 8949 §3). Floats use the preferred serialization of RFC 8949 §4.1: the
 * shortest of half, single and double precision that keeps the value exactly, as RFC 8428 §6's example does.
 *
 * <p>Why this is not Jackson's {@code CBORGenerator}, which reads SenML CBOR here ({@link SenmlFormat#read}): that
 * generator has no half-precision floats and writes every {@code double} in 9 bytes, so it cannot reproduce RFC 8428
 * §6's example (pinned byte for byte) and makes every pack larger: a reading's value and time that fit a half or a
 * single take 9 bytes each (figures in the bundle README and {@code benchmarks/RESULTS.md}). Writing CBOR needs only
 * these few item heads, so it stays here; reading CBOR, where the input is hostile, stays with the library.
 */
final class CborWriter {

    private final PackBuffer out;

    /** @param out where the items go */
    CborWriter(PackBuffer out) {
        this.out = out;
    }

    /** A writer into a buffer of its own. */
    CborWriter(int initialCapacity) {
        this(new PackBuffer(initialCapacity));
    }

    CborWriter arrayHeader(int size) {
        head(4, size);
        return this;
    }

    CborWriter mapHeader(int size) {
        head(5, size);
        return this;
    }

    CborWriter text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        head(3, bytes.length);
        write(bytes, 0, bytes.length);
        return this;
    }

    /** A byte string (major type 2), for {@code vd}. */
    CborWriter bytes(byte[] value) {
        head(2, value.length);
        write(value, 0, value.length);
        return this;
    }

    CborWriter integer(long value) {
        if (value >= 0) {
            head(0, value);
        } else {
            // major type 1 carries -1 - n (RFC 8949 §3.1)
            head(1, -1 - value);
        }
        return this;
    }

    CborWriter bool(boolean value) {
        write(value ? 0xf5 : 0xf4);
        return this;
    }

    CborWriter number(double value) {
        float single = (float) value;
        if ((double) single == value) {
            int half = halfExact(single);
            if (half >= 0) {
                write(0xf9);
                write(half >>> 8);
                write(half);
                return this;
            }
            write(0xfa);
            writeBigEndian(Float.floatToIntBits(single) & 0xffffffffL, 4);
            return this;
        }
        write(0xfb);
        writeBigEndian(Double.doubleToLongBits(value), 8);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** @return the length in bytes of the head of an array or map of {@code size} items */
    static int headerLength(long size) {
        if (size < 24) {
            return 1;
        } else if (size < 0x100) {
            return 2;
        } else if (size < 0x10000) {
            return 3;
        } else if (size < 0x100000000L) {
            return 5;
        }
        return 9;
    }

    private void head(int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            write(type | (int) argument);
        } else if (argument < 0x100) {
            write(type | 24);
            write((int) argument);
        } else if (argument < 0x10000) {
            write(type | 25);
            writeBigEndian(argument, 2);
        } else if (argument < 0x100000000L) {
            write(type | 26);
            writeBigEndian(argument, 4);
        } else {
            write(type | 27);
            writeBigEndian(argument, 8);
        }
    }

    private void write(int b) {
        out.write(b);
    }

    private void write(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    private void writeBigEndian(long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            write((int) (value >>> shift));
        }
    }

    /**
     * @return the IEEE 754 binary16 bits of {@code value} if it is exactly representable as a half (finite values
     *     only), else -1
     */
    static int halfExact(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127;
        int mantissa = bits & 0x7fffff;
        if ((bits & 0x7fffffff) == 0) {
            return sign;
        }
        if (exponent == 128) {
            return -1; // NaN or infinity never reach us: reading values are finite
        }
        if (exponent >= -14 && exponent <= 15) {
            if ((mantissa & 0x1fff) != 0) {
                return -1;
            }
            return sign | ((exponent + 15) << 10) | (mantissa >>> 13);
        }
        if (exponent >= -24 && exponent < -14) {
            // half subnormal: value = m * 2^-24
            int full = mantissa | 0x800000;
            int shift = -(exponent + 1);
            if ((full & ((1 << shift) - 1)) != 0) {
                return -1;
            }
            return sign | (full >>> shift);
        }
        return -1;
    }
}
