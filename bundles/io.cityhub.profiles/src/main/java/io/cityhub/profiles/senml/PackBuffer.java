package io.cityhub.profiles.senml;

import java.io.ByteArrayOutputStream;

/** A byte buffer that can forget its tail, so a pack writer can take back the record it wrote last. */
final class PackBuffer extends ByteArrayOutputStream {

    PackBuffer(int capacity) {
        super(capacity);
    }

    /** Forgets everything written after the first {@code size} bytes. */
    synchronized void truncate(int size) {
        count = size;
    }

    /** Appends this buffer's bytes to {@code target}. */
    synchronized void copyTo(PackBuffer target) {
        target.write(buf, 0, count);
    }
}
