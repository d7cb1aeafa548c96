package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * JSON text on Jackson's streaming generator and parser, for SenML records ({@link JsonPackWriter}) and plain value
 * trees ({@link JsonValues}). The factory is immutable and thread-safe; a generator belongs to one writer.
 */
final class JsonText {

    /**
     * Root-level values get no separator: a pack writer writes each record as a root value and puts the brackets
     * and commas around them itself.
     */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonValues.MAX_DEPTH).build())
            .build();

    private JsonText() {
    }

    static JsonGenerator generator(OutputStream out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one SenML record as a JSON object (RFC 8428 §5); a record holds only finite numbers. */
    static void writeRecord(JsonGenerator json, SenmlRecord record) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < record.size(); i++) {
            json.writeFieldName(record.label(i));
            Object value = record.value(i);
            if (value instanceof String text) {
                json.writeString(text);
            } else if (value instanceof Double number) {
                json.writeNumber(number.doubleValue());
            } else if (value instanceof Long integer) {
                json.writeNumber(integer.longValue());
            } else {
                json.writeBoolean((Boolean) value);
            }
        }
        json.writeEndObject();
    }

    /** Writes a plain value tree; see {@link JsonValues#write(Object)} for the mapping. */
    static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof CharSequence text) {
            json.writeString(text.toString());
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON has no NaN or infinity (RFC 8259 §6): a counter that is never valid is written as null, never as
            // invalid JSON or as a string
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                json.writeNull();
            }
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else if (value instanceof SenmlRecord record) {
            writeRecord(json, record);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }
}
