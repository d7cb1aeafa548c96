package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text (RFC 8259) to and from plain Java values, for the small JSON messages around SenML: the uplink's status,
 * health, requests and responses. On Jackson's streaming parser and generator, private to this bundle. Thread-safe.
 */
public final class JsonValues {

    /** Containers nested deeper than this are refused: requests come from the network. */
    public static final int MAX_DEPTH = 16;

    private JsonValues() {
    }

    /**
     * Writes a value tree as UTF-8 JSON text: {@link Map} → object (keys by {@link String#valueOf}, in the map's
     * order), {@link java.util.Collection} → array, {@link SenmlRecord} → a SenML JSON record (so a pack can be a
     * list of records inside a message), {@link CharSequence} → string, {@link Boolean}, {@link Double} and
     * {@link Float} → number (NaN and infinity → {@code null}: JSON cannot carry them), any other {@link Number} →
     * its {@code long} value, {@code null} → {@code null}, anything else → its {@code toString()} as a string.
     * Control characters are escaped; an unpaired surrogate is written as its {@code \}{@code uXXXX} escape.
     *
     * @param value the tree, may be null
     * @return the JSON text
     */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JsonText.generator(out)) {
            JsonText.writeValue(json, value);
        } catch (IOException e) {
            // the target is memory: only the generator refusing a value gets here, and a tree of the types above
            // has nothing it refuses
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads strict JSON text: objects become {@link LinkedHashMap} (a repeated member name: the last wins), arrays
     * {@link ArrayList}, integers without fraction or exponent {@link Long} (beyond {@code long}: {@link Double}),
     * other numbers {@link Double}, strings, booleans and {@code null}.
     *
     * @param text the text, not null
     * @return the value
     * @throws MalformedJsonException if the text is not one JSON value (with optional white space around it) or
     *     nests containers deeper than {@link #MAX_DEPTH}; the message says what and at which character offset
     */
    public static Object read(String text) throws MalformedJsonException {
        JsonParser parser;
        try {
            parser = JsonText.FACTORY.createParser(text);
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage() + " at offset 0");
        }
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("unexpected end", parser.currentLocation());
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw malformed("unexpected text after the value", parser.currentTokenLocation());
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            throw malformed(firstLine(e.getOriginalMessage()), where);
        } catch (IOException e) {
            throw malformed(firstLine(e.getMessage()), parser.currentLocation());
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("unexpected end");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    list.add(value(parser, item));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                // the parser reports syntax errors itself; nothing else reaches here for text input
                throw new IOException("unexpected " + token);
        }
    }

    private static MalformedJsonException malformed(String what, JsonLocation where) {
        long offset = where == null ? -1 : where.getCharOffset();
        return new MalformedJsonException(what + " at offset " + (offset < 0 ? "?" : offset));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
