package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * SenML JSON packs (RFC 8428 §5) on Jackson's streaming generator. The generator writes each record as a root-level
 * value; the commas between records and the brackets around them are written here, so a record can be taken back
 * by cutting the buffer.
 */
final class JsonPackWriter extends BufferedPackWriter {

    private final JsonGenerator generator = JsonText.generator(records);

    @Override
    void writeRecord(SenmlRecord record, boolean first) {
        if (!first) {
            records.write(',');
        }
        try {
            JsonText.writeRecord(generator, record);
            // the generator buffers; the record must be in the buffer before its end is noted
            generator.flush();
        } catch (IOException e) {
            // the target is memory, so this is the generator refusing its input, not I/O
            throw new UncheckedIOException(e);
        }
    }

    @Override
    int framing(int count) {
        return 2;
    }

    @Override
    byte[] frame(int count) {
        PackBuffer pack = new PackBuffer(records.size() + 2);
        pack.write('[');
        records.copyTo(pack);
        pack.write(']');
        return pack.toByteArray();
    }
}
