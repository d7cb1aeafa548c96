package io.cityhub.profiles.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.profiles.senml.SenmlLabel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SenML pack (RFC 8428 §4: an array of records, each a map of labels to values) from a Jackson streaming
 * parser, checking the type of every known field. Knows nothing about base-field resolution.
 */
final class SenmlPackReader {

    /** A pack larger than this is refused before it is resolved; ingest applies its own, lower limit. */
    static final int MAX_RECORDS = 10_000;

    private final String codecId;
    private final SenmlLabels labels;

    SenmlPackReader(String codecId, SenmlLabels labels) {
        this.codecId = codecId;
        this.labels = labels;
    }

    /**
     * @param parser positioned before the first token
     * @return the records in pack order, never empty
     * @throws DecodeException if the input is not a well-formed SenML pack
     * @throws IOException if the parser refuses the input (syntax, truncation, constraint)
     */
    List<SenmlRecord> read(JsonParser parser) throws DecodeException, IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw fail("empty payload");
        }
        if (first != JsonToken.START_ARRAY) {
            throw fail("a SenML pack must be an array of records (RFC 8428 §4), found " + describe(first));
        }
        List<SenmlRecord> records = new ArrayList<>();
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw fail("truncated pack after " + records.size() + " records");
            }
            if (token == JsonToken.END_ARRAY) {
                break;
            }
            if (token != JsonToken.START_OBJECT) {
                throw fail("record " + records.size() + " must be a map, found " + describe(token));
            }
            if (records.size() == MAX_RECORDS) {
                throw fail("pack holds more than " + MAX_RECORDS + " records");
            }
            records.add(readRecord(parser, records.size()));
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw fail("unexpected " + describe(trailing) + " after the end of the pack");
        }
        if (records.isEmpty()) {
            throw fail("the pack holds no records");
        }
        return records;
    }

    private SenmlRecord readRecord(JsonParser parser, int index) throws DecodeException, IOException {
        SenmlRecord record = new SenmlRecord();
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw fail("record " + index + " is truncated");
            }
            if (token == JsonToken.END_OBJECT) {
                return record;
            }
            // Jackson reports a non-text key as FIELD_NAME as well (CBOR integers as decimal text)
            String label = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (valueToken == null) {
                throw fail("record " + index + " is truncated after label " + label);
            }
            SenmlLabel field = labels.field(label).orElse(null);
            if (field == null) {
                // RFC 8428 §4.4: labels ending in '_' must be understood; others may be ignored
                if (label.endsWith("_")) {
                    throw fail("record " + index + ": must-understand label '" + label + "' is not supported");
                }
                parser.skipChildren();
                continue;
            }
            if (!record.put(field, readValue(parser, valueToken, field, label, index))) {
                throw fail("record " + index + ": label '" + label + "' appears twice");
            }
        }
    }

    private Object readValue(JsonParser parser, JsonToken token, SenmlLabel field, String label, int index)
            throws DecodeException, IOException {
        switch (field) {
            case BASE_NAME, BASE_UNIT, NAME, UNIT, STRING_VALUE:
                if (token != JsonToken.VALUE_STRING) {
                    throw wrongType(label, index, "a text string", token);
                }
                return parser.getText();
            case BOOLEAN_VALUE:
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw wrongType(label, index, "a boolean", token);
                }
                return token == JsonToken.VALUE_TRUE;
            case BASE_VERSION:
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    throw wrongType(label, index, "an integer", token);
                }
                if (parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw fail("record " + index + ": version " + parser.getText() + " out of range");
                }
                return (long) parser.getIntValue();
            case DATA_VALUE:
                // accepted by the reader only to be refused with a clear message by the resolver
                parser.skipChildren();
                return Boolean.TRUE;
            default:
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw wrongType(label, index, "a number", token);
                }
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw fail("record " + index + ": '" + label + "' is not a finite number");
                }
                return value;
        }
    }

    private DecodeException wrongType(String label, int index, String expected, JsonToken found) {
        return fail("record " + index + ": '" + label + "' must be " + expected + ", found " + describe(found));
    }

    private DecodeException fail(String message) {
        return new DecodeException(codecId, message);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "a map";
            case VALUE_STRING -> "a text string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "a byte string";
            default -> token.name();
        };
    }
}
