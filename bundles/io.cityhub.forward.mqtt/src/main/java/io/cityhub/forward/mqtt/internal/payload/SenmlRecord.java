package io.cityhub.forward.mqtt.internal.payload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SenML record (RFC 8428 §4) as an ordered list of labelled fields, written as JSON (§5) or CBOR (§6).
 * Values are {@link String}, {@link Boolean}, {@link Long} (CBOR integer) or {@link Double}.
 */
final class SenmlRecord {

    /** CBOR integer labels of RFC 8428 §6 Table 4; any other label is written as a text key. */
    private static final Map<String, Integer> CBOR_LABELS = Map.ofEntries(
            Map.entry("bver", -1), Map.entry("bn", -2), Map.entry("bt", -3), Map.entry("bu", -4),
            Map.entry("bv", -5), Map.entry("bs", -6), Map.entry("n", 0), Map.entry("u", 1), Map.entry("v", 2),
            Map.entry("vs", 3), Map.entry("vb", 4), Map.entry("s", 5), Map.entry("t", 6), Map.entry("ut", 7),
            Map.entry("vd", 8));

    private final List<String> labels = new ArrayList<>(10);
    private final List<Object> values = new ArrayList<>(10);

    SenmlRecord put(String label, Object value) {
        labels.add(label);
        values.add(value);
        return this;
    }

    void writeJson(JsonWriter json) {
        json.raw('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                json.raw(',');
            }
            json.string(labels.get(i)).raw(':').value(values.get(i));
        }
        json.raw('}');
    }

    void writeCbor(CborWriter cbor) {
        cbor.mapHeader(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            Integer key = CBOR_LABELS.get(labels.get(i));
            if (key != null) {
                cbor.integer(key);
            } else {
                cbor.text(labels.get(i));
            }
            Object value = values.get(i);
            if (value instanceof String text) {
                cbor.text(text);
            } else if (value instanceof Boolean flag) {
                cbor.bool(flag);
            } else if (value instanceof Long || value instanceof Integer) {
                cbor.integer(((Number) value).longValue());
            } else {
                cbor.number(((Number) value).doubleValue());
            }
        }
    }
}
