package io.cityhub.buffer.mapdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable big-endian byte sink with LEB128 varints, for the store's binary formats. */
final class ByteWriter {

    private byte[] buf;
    private int size;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** ZigZag, so small negative numbers (epoch seconds before 1970 are legal) stay short. */
    void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        writeBytes(utf8, 0, utf8.length);
    }

    /** @return bytes {@link #writeVarLong} writes for {@code v} */
    static int varLongSize(long v) {
        int bytes = 1;
        while ((v & ~0x7FL) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    int size() {
        return size;
    }

    /**
     * @return the bytes written, in an array of exactly that length: the buffer itself when it is full, so nothing
     *     may be written after this call
     */
    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    /** @return the buffer, valid up to {@link #size()}; changes with the next write that grows it */
    byte[] array() {
        return buf;
    }

    /**
     * Forgets what was written after the first {@code keep} bytes; the buffer is kept for reuse unless it grew beyond
     * {@code maxKeptCapacity}, so that one large write does not hold its memory for good.
     */
    void truncate(int keep, int maxKeptCapacity) {
        size = keep;
        if (buf.length > maxKeptCapacity) {
            buf = Arrays.copyOf(buf, Math.max(keep, maxKeptCapacity));
        }
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
