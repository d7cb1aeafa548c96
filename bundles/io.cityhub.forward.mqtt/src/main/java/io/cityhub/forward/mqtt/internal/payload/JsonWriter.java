package io.cityhub.forward.mqtt.internal.payload;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Minimal JSON text writer (RFC 8259) for SenML records, status, health and responses. Values are
 * {@link Map} (string keys), {@link Collection}, {@link CharSequence}, {@link Number}, {@link Boolean} or null.
 */
public final class JsonWriter {

    private final StringBuilder out;

    public JsonWriter(int capacity) {
        out = new StringBuilder(capacity);
    }

    /** @return {@code value} as UTF-8 JSON text */
    public static byte[] toBytes(Object value) {
        JsonWriter writer = new JsonWriter(256);
        writer.value(value);
        return writer.toString().getBytes(StandardCharsets.UTF_8);
    }

    public JsonWriter raw(char c) {
        out.append(c);
        return this;
    }

    JsonWriter raw(CharSequence text) {
        out.append(text);
        return this;
    }

    JsonWriter value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof CharSequence text) {
            string(text);
        } else if (value instanceof Boolean flag) {
            out.append(flag.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON has no NaN/Infinity (RFC 8259 §6); health counters never should be, but never emit invalid JSON
            if (Double.isFinite(d)) {
                out.append(d);
            } else {
                out.append("null");
            }
        } else if (value instanceof Number number) {
            out.append(number.longValue());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(entry.getKey()));
                out.append(':');
                value(entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(item);
            }
            out.append(']');
        } else {
            string(value.toString());
        }
        return this;
    }

    JsonWriter string(CharSequence text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return this;
    }

    /** @param json JSON text that is embedded as is (already valid JSON) */
    public record Raw(String json) {
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
