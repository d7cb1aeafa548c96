package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * SenML JSON packs (RFC 8428 §5) on Jackson's streaming generator. The generator writes each record as a root-level
 * value into {@link PackBuffer}; the brackets and commas between records are written here, so a record can be taken
 * back by cutting the buffer.
 */
final class JsonPackWriter implements SenmlPackWriter {

    private final PackBuffer out = new PackBuffer(1024);
    private final JsonGenerator generator = JsonText.generator(out);
    private int count;
    private int beforeLast = -1;

    JsonPackWriter() {
        out.write('[');
    }

    @Override
    public int add(SenmlRecord record) {
        beforeLast = out.size();
        if (count > 0) {
            out.write(',');
        }
        try {
            JsonText.writeRecord(generator, record);
            generator.flush();
        } catch (IOException e) {
            // the target is memory, so this is a generator refusing its input, not I/O
            out.truncate(beforeLast);
            throw new UncheckedIOException(e);
        }
        count++;
        return size();
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int size() {
        return out.size() + 1;
    }

    @Override
    public void removeLast() {
        if (beforeLast < 0) {
            throw new IllegalStateException("no record to take back");
        }
        out.truncate(beforeLast);
        beforeLast = -1;
        count--;
    }

    @Override
    public byte[] finish() {
        if (count == 0) {
            throw new IllegalStateException("a SenML pack holds at least one record (RFC 8428 §4)");
        }
        out.write(']');
        byte[] pack = out.toByteArray();
        out.reset();
        out.write('[');
        count = 0;
        beforeLast = -1;
        return pack;
    }
}
