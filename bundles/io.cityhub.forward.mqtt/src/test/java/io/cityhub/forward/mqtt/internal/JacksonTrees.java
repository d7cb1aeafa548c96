package io.cityhub.forward.mqtt.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Independent decoding of our JSON and CBOR output with Jackson's streaming parsers (test only). */
public final class JacksonTrees {

    private JacksonTrees() {
    }

    public static Object json(byte[] bytes) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(bytes)) {
            return read(parser, parser.nextToken());
        }
    }

    public static Object cbor(byte[] bytes) throws IOException {
        try (JsonParser parser = new CBORFactory().createParser(bytes)) {
            Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IOException("trailing data after the CBOR item");
            }
            return value;
        }
    }

    @SuppressWarnings("unchecked")
    /** @return the reading ids ({@code rid}) of a SenML JSON pack, in order */
    public static List<String> ids(byte[] senmlJson) throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        for (Map<String, Object> record : records(json(senmlJson))) {
            ids.add((String) record.get("rid"));
        }
        return ids;
    }

    public static List<Map<String, Object>> records(Object tree) {
        return (List<Map<String, Object>>) tree;
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + token);
        }
    }
}
