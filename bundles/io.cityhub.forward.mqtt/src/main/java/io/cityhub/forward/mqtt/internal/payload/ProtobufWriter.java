package io.cityhub.forward.mqtt.internal.payload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The protobuf wire format pieces KuraPayload needs: varint (type 0), fixed64 (type 1), length-delimited (type 2). */
final class ProtobufWriter {

    private final ByteArrayOutputStream out;

    ProtobufWriter(int capacity) {
        out = new ByteArrayOutputStream(capacity);
    }

    ProtobufWriter varintField(int field, long value) {
        tag(field, 0);
        varint(value);
        return this;
    }

    ProtobufWriter doubleField(int field, double value) {
        tag(field, 1);
        long bits = Double.doubleToLongBits(value);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i))); // little-endian (protobuf encoding guide, "Non-varint Numbers")
        }
        return this;
    }

    ProtobufWriter stringField(int field, String value) {
        return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter bytesField(int field, byte[] value) {
        tag(field, 2);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtobufWriter raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long v = value;
        // negative int64 values take ten bytes, as protobuf specifies for int64 (not zig-zag)
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
