package io.cityhub.buffer.mapdb.internal;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reader for the store's binary formats. Every read checks the remaining length first, so
 * garbage yields a {@link CorruptRecordException}, never an index exception or a huge allocation.
 */
final class ByteReader {

    private final byte[] buf;
    private final int end;
    private int pos;

    ByteReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    int readByte() throws CorruptRecordException {
        require(1);
        return buf[pos++] & 0xFF;
    }

    long readLong() throws CorruptRecordException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    long readVarLong() throws CorruptRecordException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptRecordException("varint longer than 10 bytes at offset " + pos);
    }

    long readSignedVarLong() throws CorruptRecordException {
        long z = readVarLong();
        return (z >>> 1) ^ -(z & 1);
    }

    /** A length that must fit in what is left, so a corrupt length cannot trigger a large allocation. */
    int readLength() throws CorruptRecordException {
        long len = readVarLong();
        if (len < 0 || len > remaining()) {
            throw new CorruptRecordException("length " + len + " exceeds the " + remaining() + " bytes left");
        }
        return (int) len;
    }

    String readString() throws CorruptRecordException {
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    void skip(int length) throws CorruptRecordException {
        require(length);
        pos += length;
    }

    byte[] array() {
        return buf;
    }

    private void require(int n) throws CorruptRecordException {
        if (n > end - pos) {
            throw new CorruptRecordException("record truncated: need " + n + " bytes at offset " + pos
                    + ", have " + (end - pos));
        }
    }
}
