package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compact, versioned binary form of one {@link Reading}; round-trips every field exactly (doubles by their raw
 * bits, so {@code -0.0} stays {@code -0.0}).
 *
 * <p>Layout of format {@value #FORMAT_V1}: format byte; flags byte (bits 0-1 clock quality, 2-3 priority, 4-5 value
 * kind, 6 id stored as 16 raw bytes because it is 32 lower-case hex digits, 7 unused); flags2 byte (bit 0 rssi
 * present, bit 1 snr present); id (16 bytes or string); sensorId, channel, unit (strings); value (8-byte double
 * bits, or a string; booleans live in the value kind); epoch second (zigzag varint); nano (varint); transport
 * (string); rssi, snr (8-byte double bits, when present); attribute count (varint) and key/value strings sorted by
 * key. Strings are a varint byte length followed by UTF-8. Ordinals follow the API enums' declaration order, which
 * the API promises is stable.
 */
final class ReadingCodec {

    /** The format byte every encoded reading starts with. */
    static final int FORMAT_V1 = 1;

    private static final int KIND_NUMBER = 0;
    private static final int KIND_FALSE = 1;
    private static final int KIND_TRUE = 2;
    private static final int KIND_TEXT = 3;
    private static final int ID_AS_BYTES = 1 << 6;
    private static final ClockQuality[] CLOCKS = ClockQuality.values();
    private static final Priority[] PRIORITIES = Priority.values();

    /**
     * @param reading the reading, not null
     * @return its encoding, starting with {@link #FORMAT_V1}
     */
    byte[] encode(Reading reading) {
        ByteWriter out = new ByteWriter(96);
        encodeInto(reading, out);
        return out.toByteArray();
    }

    void encodeInto(Reading r, ByteWriter out) {
        boolean idAsBytes = isLowerHex32(r.id());
        int kind;
        if (r.value() instanceof ReadingValue.BooleanValue b) {
            kind = b.value() ? KIND_TRUE : KIND_FALSE;
        } else {
            kind = r.value() instanceof ReadingValue.TextValue ? KIND_TEXT : KIND_NUMBER;
        }
        SourceMetadata src = r.source();
        out.writeByte(FORMAT_V1);
        out.writeByte(
                r.clockQuality().ordinal() | r.priority().ordinal() << 2 | kind << 4 | (idAsBytes ? ID_AS_BYTES : 0));
        out.writeByte((src.rssiDbm() != null ? 1 : 0) | (src.snrDb() != null ? 2 : 0));
        if (idAsBytes) {
            for (int i = 0; i < 32; i += 2) {
                out.writeByte(Character.digit(r.id().charAt(i), 16) << 4 | Character.digit(r.id().charAt(i + 1), 16));
            }
        } else {
            out.writeString(r.id());
        }
        out.writeString(r.sensorId());
        out.writeString(r.channel());
        out.writeString(r.unit());
        if (r.value() instanceof ReadingValue.NumberValue n) {
            out.writeLong(Double.doubleToRawLongBits(n.value()));
        } else if (r.value() instanceof ReadingValue.TextValue t) {
            out.writeString(t.value());
        }
        out.writeSignedVarLong(r.timestamp().getEpochSecond());
        out.writeVarLong(r.timestamp().getNano());
        out.writeString(src.transport());
        if (src.rssiDbm() != null) {
            out.writeLong(Double.doubleToRawLongBits(src.rssiDbm()));
        }
        if (src.snrDb() != null) {
            out.writeLong(Double.doubleToRawLongBits(src.snrDb()));
        }
        // sorted so equal readings always encode to equal bytes
        Map<String, String> attributes =
                src.attributes().size() > 1 ? new TreeMap<>(src.attributes()) : src.attributes();
        out.writeVarLong(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
    }

    /**
     * @param bytes the encoding, not null
     * @return the reading
     * @throws CorruptRecordException if the bytes are not exactly one reading in a known format
     */
    Reading decode(byte[] bytes) throws CorruptRecordException {
        return decode(bytes, 0, bytes.length);
    }

    Reading decode(byte[] bytes, int offset, int length) throws CorruptRecordException {
        ByteReader in = new ByteReader(bytes, offset, length);
        int format = in.readByte();
        if (format != FORMAT_V1) {
            throw new CorruptRecordException("unknown reading format " + format);
        }
        int flags = in.readByte();
        int flags2 = in.readByte();
        int clock = flags & 3;
        int priority = flags >> 2 & 3;
        int kind = flags >> 4 & 3;
        if (clock >= CLOCKS.length || priority >= PRIORITIES.length || (flags & 0x80) != 0 || (flags2 & ~3) != 0) {
            throw new CorruptRecordException("bad flags " + flags + "/" + flags2);
        }
        String id = (flags & ID_AS_BYTES) != 0 ? readHexId(in) : in.readString();
        String sensorId = in.readString();
        String channel = in.readString();
        String unit = in.readString();
        double number = kind == KIND_NUMBER ? Double.longBitsToDouble(in.readLong()) : 0;
        String text = kind == KIND_TEXT ? in.readString() : null;
        long second = in.readSignedVarLong();
        long nano = in.readVarLong();
        String transport = in.readString();
        Double rssi = (flags2 & 1) != 0 ? Double.longBitsToDouble(in.readLong()) : null;
        Double snr = (flags2 & 2) != 0 ? Double.longBitsToDouble(in.readLong()) : null;
        int attributeCount = in.readLength(); // each attribute takes at least 2 bytes: bounded by what is left
        Map<String, String> attributes = new HashMap<>(attributeCount * 2);
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(in.readString(), in.readString());
        }
        if (in.remaining() != 0) {
            throw new CorruptRecordException(in.remaining() + " bytes after the reading");
        }
        if (nano < 0 || nano > 999_999_999) {
            throw new CorruptRecordException("bad nano-of-second " + nano);
        }
        try {
            ReadingValue value = switch (kind) {
                case KIND_NUMBER -> ReadingValue.of(number);
                case KIND_FALSE -> ReadingValue.of(false);
                case KIND_TRUE -> ReadingValue.of(true);
                default -> ReadingValue.of(text);
            };
            return new Reading(id, sensorId, channel, value, unit, Instant.ofEpochSecond(second, nano),
                    CLOCKS[clock], PRIORITIES[priority], new SourceMetadata(transport, rssi, snr, attributes));
        } catch (IllegalArgumentException | DateTimeException e) {
            // a blank id, a non-finite number or an out-of-range instant can only come from damaged bytes
            throw new CorruptRecordException("decoded fields do not form a reading: " + e.getMessage(), e);
        }
    }

    private static String readHexId(ByteReader in) throws CorruptRecordException {
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            int b = in.readByte();
            hex[2 * i] = Character.forDigit(b >> 4, 16);
            hex[2 * i + 1] = Character.forDigit(b & 15, 16);
        }
        return new String(hex);
    }

    private static boolean isLowerHex32(String id) {
        if (id.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
