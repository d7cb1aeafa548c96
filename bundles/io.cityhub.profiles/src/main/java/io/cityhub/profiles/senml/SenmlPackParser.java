package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a SenML pack (RFC 8428 §4: an array of records, each a map of labels to values) from a Jackson streaming
 * parser, checking the type of every field of the label table. Knows nothing about base-field resolution.
 */
final class SenmlPackParser {

    /** A pack larger than this is refused before it is resolved; ingest applies its own, lower limit. */
    static final int MAX_RECORDS = 10_000;

    /** RFC 8428 §5 (JSON): the short names. */
    static final SenmlPackParser JSON = new SenmlPackParser(SenmlLabel::json);

    /**
     * RFC 8428 §6, table 4 (CBOR): the integer labels. Jackson's CBOR parser reports an integer map key as its
     * decimal text, so both representations map a key text to a label.
     */
    static final SenmlPackParser CBOR = new SenmlPackParser(label -> Integer.toString(label.cbor()));

    private final Map<String, SenmlLabel> byKey = new HashMap<>();

    private SenmlPackParser(Function<SenmlLabel, String> key) {
        for (SenmlLabel label : SenmlLabel.values()) {
            byKey.put(key.apply(label), label);
        }
    }

    /**
     * @param parser positioned before the first token
     * @return the records in pack order, never empty
     * @throws SenmlException if the input is not a well-formed SenML pack
     * @throws IOException if the parser refuses the input (syntax, truncation, constraint)
     */
    List<SenmlRecord> read(JsonParser parser) throws SenmlException, IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new SenmlException("empty payload");
        }
        if (first != JsonToken.START_ARRAY) {
            throw new SenmlException("a SenML pack must be an array of records (RFC 8428 §4), found "
                    + describe(first));
        }
        List<SenmlRecord> records = new ArrayList<>();
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new SenmlException("truncated pack after " + records.size() + " records");
            }
            if (token == JsonToken.END_ARRAY) {
                break;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new SenmlException("record " + records.size() + " must be a map, found " + describe(token));
            }
            if (records.size() == MAX_RECORDS) {
                throw new SenmlException("pack holds more than " + MAX_RECORDS + " records");
            }
            records.add(readRecord(parser, records.size()));
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new SenmlException("unexpected " + describe(trailing) + " after the end of the pack");
        }
        if (records.isEmpty()) {
            throw new SenmlException("the pack holds no records");
        }
        return records;
    }

    private SenmlRecord readRecord(JsonParser parser, int index) throws SenmlException, IOException {
        SenmlRecord record = new SenmlRecord();
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new SenmlException("record " + index + " is truncated");
            }
            if (token == JsonToken.END_OBJECT) {
                return record;
            }
            // Jackson reports a non-text key as FIELD_NAME as well (CBOR integers as decimal text)
            String label = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (valueToken == null) {
                throw new SenmlException("record " + index + " is truncated after label " + label);
            }
            SenmlLabel field = byKey.get(label);
            if (field == null) {
                // RFC 8428 §4.4: labels ending in '_' must be understood; others may be ignored
                if (label.endsWith("_")) {
                    throw new SenmlException("record " + index + ": must-understand label '" + label
                            + "' is not supported");
                }
                keepExtension(parser, valueToken, record, label);
                continue;
            }
            Object value = readValue(parser, valueToken, field, label, index);
            if (record.has(field)) {
                throw new SenmlException("record " + index + ": label '" + label + "' appears twice");
            }
            record.put(field, value);
        }
    }

    /**
     * Keeps an extension field with a text, boolean or finite number value, so a reader can see {@code rid} or
     * {@code clk}; any other value (a map, an array, null, a repeated label) is skipped, as a receiver may ignore
     * an extension it does not know. So is a CBOR text label that spells a field of the table ({@code "v"} instead
     * of 2, §6): it is not that field, and kept under its name it would pass for it.
     */
    private static void keepExtension(JsonParser parser, JsonToken token, SenmlRecord record, String label)
            throws IOException {
        Object value = switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            default -> null;
        };
        if (value == null) {
            parser.skipChildren();
            return;
        }
        if (label.isEmpty() || record.get(label) != null || SenmlLabel.ofJson(label).isPresent()
                || (value instanceof Double d && !Double.isFinite(d))) {
            return;
        }
        record.put(label, value);
    }

    private static Object readValue(JsonParser parser, JsonToken token, SenmlLabel field, String label, int index)
            throws SenmlException, IOException {
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
                    throw new SenmlException("record " + index + ": version " + parser.getText() + " out of range");
                }
                return (long) parser.getIntValue();
            case DATA_VALUE:
                // kept as base64url text (its JSON form, §5); whatever its type, the decoder refuses a data value
                // with its own message, so a wrong type is not reported here
                if (token == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                if (token == JsonToken.VALUE_EMBEDDED_OBJECT && parser.getEmbeddedObject() instanceof byte[] bytes) {
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                }
                parser.skipChildren();
                return "";
            default:
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw wrongType(label, index, "a number", token);
                }
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw new SenmlException("record " + index + ": '" + label + "' is not a finite number");
                }
                return value;
        }
    }

    private static SenmlException wrongType(String label, int index, String expected, JsonToken found) {
        return new SenmlException("record " + index + ": '" + label + "' must be " + expected + ", found "
                + describe(found));
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
