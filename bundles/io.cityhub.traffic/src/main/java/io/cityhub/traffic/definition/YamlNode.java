package io.cityhub.traffic.definition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping read with the failsafe schema (every scalar a string), so numbers are parsed here exactly, as
 * decimals, never through binary floating point. Problems are collected, not thrown, so one load reports them all.
 */
final class YamlNode {

    private final String where;
    private final Map<?, ?> map;
    private final List<String> problems;

    YamlNode(String where, Map<?, ?> map, List<String> problems) {
        this.where = where;
        this.map = map;
        this.problems = problems;
    }

    String where() {
        return where;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    String string(String key) {
        Object v = map.get(key);
        if (v instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        problems.add(where + ": '" + key + "' " + (v == null ? "is missing" : "has invalid value '" + v + "'")
                + "; expected a non-empty text");
        return null;
    }

    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    /** Seconds with at most one decimal, as tenths; -1 after a problem. */
    int tenths(String key) {
        Object v = map.get(key);
        BigDecimal d = v instanceof String s ? parse(s) : null;
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 1 || d.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            problems.add(where + ": '" + key + "' " + (v == null ? "is missing" : "has invalid value '" + v + "'")
                    + "; expected seconds >= 0 with at most one decimal");
            return -1;
        }
        return d.movePointRight(1).intValueExact();
    }

    int optionalTenths(String key, int fallback) {
        return has(key) ? tenths(key) : fallback;
    }

    /** A non-negative whole number; -1 after a problem. */
    int integer(String key, Object value) {
        BigDecimal d = value instanceof String s ? parse(s) : null;
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            problems.add(where + ": '" + key + "' has invalid value '" + value + "'; expected a whole number >= 0");
            return -1;
        }
        return d.intValueExact();
    }

    /** A decimal >= 0, or > 0 when {@code positive}; null after a problem. */
    BigDecimal decimal(String key, boolean positive) {
        Object v = map.get(key);
        BigDecimal d = v instanceof String s ? parse(s) : null;
        if (d == null || d.signum() < 0 || (positive && d.signum() == 0)) {
            problems.add(where + ": '" + key + "' " + (v == null ? "is missing" : "has invalid value '" + v + "'")
                    + "; expected a number " + (positive ? "> 0" : ">= 0"));
            return null;
        }
        return d;
    }

    List<String> strings(String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
            problems.add(where + ": '" + key + "' " + (v == null ? "is missing" : "has invalid value '" + v + "'")
                    + "; expected a list of names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(((String) e).trim()));
        return out;
    }

    List<YamlNode> nodes(String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(e -> !(e instanceof Map))) {
            problems.add(where + ": '" + key + "' " + (v == null ? "is missing" : "has invalid value")
                    + "; expected a non-empty list of mappings");
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> m = (Map<?, ?>) list.get(i);
            Object name = m.get("name");
            out.add(new YamlNode(where + " > " + key + "[" + (name instanceof String s ? s : String.valueOf(i)) + "]",
                    m, problems));
        }
        return out;
    }

    /** A mapping from names to values (lists, scalars or mappings); empty when absent. */
    Map<String, Object> mapping(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            problems.add(where + ": '" + key + "' has invalid value; expected a mapping from group names");
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k).trim(), val));
        return out;
    }

    YamlNode child(String key, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(where + " > " + key + ": expected a mapping");
            return new YamlNode(where + " > " + key, Map.of(), problems);
        }
        return new YamlNode(where + " > " + key, m, problems);
    }

    private static BigDecimal parse(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
