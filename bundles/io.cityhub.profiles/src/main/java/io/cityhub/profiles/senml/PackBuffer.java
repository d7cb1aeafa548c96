package io.cityhub.profiles.senml;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that can forget its tail, so a pack writer can take back the record it wrote last. Not
 * synchronized (unlike {@link java.io.ByteArrayOutputStream}, whose lock on every byte costs the CBOR writer a
 * quarter of its speed): a buffer belongs to one writer.
 */
final class PackBuffer extends OutputStream {

    private byte[] buf;
    private int count;

    PackBuffer(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    @Override
    public void write(int b) {
        if (count == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (count + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + length));
        }
        System.arraycopy(bytes, offset, buf, count, length);
        count += length;
    }

    int size() {
        return count;
    }

    /** Forgets everything written after the first {@code size} bytes. */
    void truncate(int size) {
        count = size;
    }

    void reset() {
        count = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    /** Appends this buffer's bytes to {@code target}. */
    void copyTo(PackBuffer target) {
        target.write(buf, 0, count);
    }
}
