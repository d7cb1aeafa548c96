package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.profiles.senml.SenmlLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * One SenML record (RFC 8428 §4) as an ordered list of labelled fields, written as JSON (§5) or CBOR (§6).
 * Values are {@link String}, {@link Boolean}, {@link Long} (CBOR integer) or {@link Double}. The CBOR labels come from
 * the one label table, {@link SenmlLabel} of {@code io.cityhub.profiles}.
 */
final class SenmlRecord {

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
            // RFC 8428 §6: the labels of table 4 as their integers, any other label as a text key
            SenmlLabel known = SenmlLabel.ofJson(labels.get(i)).orElse(null);
            if (known != null) {
                cbor.integer(known.cbor());
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
