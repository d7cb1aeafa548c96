package io.cityhub.profiles.internal.layout;

/**
 * One number in a payload and how it becomes a value: read {@code size} bytes at {@code at} (or at the cursor),
 * optionally keep bits {@code bitOffset .. bitOffset+bitWidth-1} and/or AND a mask, interpret as signed or not, then
 * {@code ((raw + offset) * multiply / divide) + add}. The operations run in this fixed order so a profile reproduces
 * a vendor decoder's floating-point result exactly (e.g. Decentlab's {@code (x - 32768) / 10} is not
 * {@code x / 10 - 3276.8} in binary floating point).
 *
 * @param name the field's name, used in conditions, bitmask headers and error messages; never null
 * @param channel the profile channel it emits a reading on; null for a field that is only read (a type byte, a
 *     header)
 * @param at absolute byte offset in the payload; -1 to read at the cursor
 * @param type how the bytes are interpreted
 * @param size number of bytes: 1..8 for integers, 4 or 8 for floats
 * @param littleEndian byte order; big-endian (network order) unless set
 * @param bitOffset lowest bit kept (0 = least significant); -1 to keep all bits
 * @param bitWidth number of bits kept from {@code bitOffset}
 * @param mask AND-ed with the raw value after the bit selection; -1 for none
 * @param expect raw values the field must have (a protocol version); empty for any
 * @param offset added to the raw integer before scaling
 * @param multiply scale factor
 * @param divide scale divisor
 * @param add added after scaling
 * @param when when the field is read at all
 * @param peek true to leave the cursor where it was, so the same bytes can be read again (bit fields and the whole
 *     byte, a mask and its bits)
 * @param optional true for a trailing field that is present only if the payload is long enough: no byte left at its
 *     offset means no value (some but too few bytes is still an error)
 * @param labels text values by raw value (after bits and mask), emitted instead of the number; empty for a number. A
 *     raw value without a label is a decode error
 */
record Field(String name, String channel, int at, FieldType type, int size, boolean littleEndian, int bitOffset,
        int bitWidth, long mask, java.util.Set<Long> expect, double offset, double multiply, double divide, double add,
        Condition when, boolean peek, boolean optional, java.util.Map<Long, String> labels) implements Step {

    Field {
        expect = java.util.Set.copyOf(expect);
        labels = java.util.Map.copyOf(labels);
    }

    /** @return the value of {@code raw} after the scale and offset */
    double scale(double raw) {
        double value = raw;
        if (offset != 0) {
            value += offset;
        }
        if (multiply != 1) {
            value *= multiply;
        }
        if (divide != 1) {
            value /= divide;
        }
        if (add != 0) {
            value += add;
        }
        return value;
    }
}
