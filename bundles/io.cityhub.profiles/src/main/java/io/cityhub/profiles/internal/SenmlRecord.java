package io.cityhub.profiles.internal;

import java.util.EnumMap;
import java.util.Map;

/**
 * One SenML record as sent, before base fields are resolved. Values are {@link String}, {@link Double},
 * {@link Boolean} or {@link Long} according to the field; absent fields are absent from the map.
 */
final class SenmlRecord {

    private final Map<SenmlField, Object> fields = new EnumMap<>(SenmlField.class);

    /** @return false if the field was already present (a duplicate label) */
    boolean put(SenmlField field, Object value) {
        return fields.putIfAbsent(field, value) == null;
    }

    boolean has(SenmlField field) {
        return fields.containsKey(field);
    }

    String text(SenmlField field) {
        return (String) fields.get(field);
    }

    Double number(SenmlField field) {
        return (Double) fields.get(field);
    }

    Boolean flag(SenmlField field) {
        return (Boolean) fields.get(field);
    }

    Long integer(SenmlField field) {
        return (Long) fields.get(field);
    }
}
