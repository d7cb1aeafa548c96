package io.cityhub.profiles.internal;

import io.cityhub.profiles.senml.SenmlLabel;
import java.util.EnumMap;
import java.util.Map;

/**
 * One SenML record as sent, before base fields are resolved. Values are {@link String}, {@link Double},
 * {@link Boolean} or {@link Long} according to the field; absent fields are absent from the map.
 */
final class SenmlRecord {

    private final Map<SenmlLabel, Object> fields = new EnumMap<>(SenmlLabel.class);

    /** @return false if the field was already present (a duplicate label) */
    boolean put(SenmlLabel field, Object value) {
        return fields.putIfAbsent(field, value) == null;
    }

    boolean has(SenmlLabel field) {
        return fields.containsKey(field);
    }

    String text(SenmlLabel field) {
        return (String) fields.get(field);
    }

    Double number(SenmlLabel field) {
        return (Double) fields.get(field);
    }

    Boolean flag(SenmlLabel field) {
        return (Boolean) fields.get(field);
    }

    Long integer(SenmlLabel field) {
        return (Long) fields.get(field);
    }
}
