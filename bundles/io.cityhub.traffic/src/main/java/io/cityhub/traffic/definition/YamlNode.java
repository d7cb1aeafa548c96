package io.cityhub.traffic.definition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping read with the failsafe schema (every scalar a string, an empty or null scalar null), so numbers
 * are parsed here exactly, as decimals, never through binary floating point. Problems are collected, not thrown,
 * so one load reports them all; each names the key and where it is. Values are only ever described by their YAML
 * type or, for text, an abbreviated quote, never printed whole: aliases can make them large or cyclic.
 */
final class YamlNode {

    /** Decimals above this are refused, so the exact arithmetic on them stays small and cannot overflow. */
    static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(100_000);
    static final int MAX_DECIMAL_PLACES = 6;
    private static final int QUOTE_LENGTH = 40;

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
        problem(key, "a non-empty text");
        return null;
    }

    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    /** Seconds with at most one decimal, as tenths; -1 after a problem. */
    int tenths(String key) {
        Object v = map.get(key);
        BigDecimal d = v instanceof String s ? parse(s) : null;
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 1 || d.compareTo(MAX_DECIMAL) > 0) {
            problem(key, "seconds >= 0 with at most one decimal");
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
        if (d == null
                || d.signum() < 0
                || d.stripTrailingZeros().scale() > 0
                || d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            problems.add(where + ": '" + key + "' " + found(value) + "; expected a whole number >= 0");
            return -1;
        }
        return d.intValueExact();
    }

    /** A decimal >= 0, or > 0 when {@code positive}, at most {@link #MAX_DECIMAL}; null after a problem. */
    BigDecimal decimal(String key, boolean positive) {
        Object v = map.get(key);
        BigDecimal d = v instanceof String s ? parse(s) : null;
        if (d == null || d.signum() < 0 || (positive && d.signum() == 0) || d.compareTo(MAX_DECIMAL) > 0
                || d.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
            problem(key, "a number " + (positive ? "> 0" : ">= 0") + " and at most " + MAX_DECIMAL
                    + ", with at most " + MAX_DECIMAL_PLACES + " decimals");
            return null;
        }
        return d;
    }

    /** A list of names; empty when absent and not {@code required}, or after a problem. */
    List<String> strings(String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            problem(key, "a list of names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object e : list) {
            if (e instanceof String s && !s.isBlank()) {
                out.add(s.trim());
            } else {
                problems.add(where + ": '" + key + "' holds " + describe(e) + "; expected a list of names");
            }
        }
        return out;
    }

    /**
     * A list of mappings, each read as a node named after its {@code name} or, without one, {@code #n} (its
     * position, counted from 1); empty when absent and not {@code required}. Entries that are not mappings are
     * reported and left out.
     */
    List<YamlNode> nodes(String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            problem(key, "a non-empty list of mappings");
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            Object name = e instanceof Map<?, ?> m ? m.get("name") : null;
            String label = where + " > " + key + "["
                    + (name instanceof String s && !s.isBlank() ? s.trim() : "#" + (i + 1)) + "]";
            if (e instanceof Map<?, ?> m) {
                out.add(new YamlNode(label, m, problems));
            } else {
                problems.add(label + ": expected a mapping, found " + describe(e));
            }
        }
        return out;
    }

    /**
     * A mapping from names to values (lists, scalars or mappings); empty when absent or after a problem. Keys that
     * are not names are reported and left out.
     *
     * @param keys what the keys name, for messages, e.g. {@code group names}
     */
    Map<String, Object> mapping(String key, String keys) {
        Object v = map.get(key);
        return v == null ? Map.of() : names(key, v, keys);
    }

    /** Like {@link #mapping}, but a missing mapping is a problem too; null after a problem. */
    Map<String, Object> requiredMapping(String key, String keys) {
        Object v = map.get(key);
        if (!(v instanceof Map)) {
            problem(key, "a mapping from " + keys);
            return null;
        }
        return names(key, v, keys);
    }

    private Map<String, Object> names(String key, Object v, String keys) {
        if (!(v instanceof Map<?, ?> m)) {
            problem(key, "a mapping from " + keys);
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            if (k instanceof String s && !s.isBlank()) {
                out.put(s.trim(), val);
            } else {
                problems.add(where + ": '" + key + "' has a key that is not a name (" + describe(k) + "); expected "
                        + keys);
            }
        });
        return out;
    }

    /** The mapping {@code value}, read as a node; an empty one after a problem. */
    YamlNode child(String key, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(where + " > " + key + ": expected a mapping, found " + describe(value));
            return new YamlNode(where + " > " + key, Map.of(), problems);
        }
        return new YamlNode(where + " > " + key, m, problems);
    }

    private void problem(String key, String expected) {
        problems.add(where + ": '" + key + "' " + (has(key) ? found(map.get(key)) : "is missing") + "; expected "
                + expected);
    }

    /**
     * @param value the value of a key, read from YAML: null, a string, a list or a mapping
     * @return what is wrong with it, following the key in a message: {@code is empty}, {@code is a list},
     *     {@code has invalid value 'x'}, …
     */
    static String found(Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return "is empty";
        }
        return value instanceof String s ? "has invalid value '" + abbreviate(s) + "'" : "is " + describe(value);
    }

    /**
     * @param value a value read from YAML: null, a string, a list or a mapping
     * @return what it is, for a message: {@code no value}, {@code the text 'x'}, {@code a list}, …
     */
    static String describe(Object value) {
        if (value == null) {
            return "no value";
        }
        if (value instanceof String s) {
            return s.isBlank() ? "empty text" : "the text '" + abbreviate(s) + "'";
        }
        if (value instanceof List<?> l) {
            return l.isEmpty() ? "an empty list" : "a list";
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty() ? "an empty mapping" : "a mapping";
        }
        return value instanceof Collection<?> ? "a set" : "a " + value.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > QUOTE_LENGTH ? t.substring(0, QUOTE_LENGTH) + "…" : t;
    }

    /**
     * @param key a mapping key read from YAML
     * @return the name it holds, trimmed, or null when it is not a non-empty text
     */
    static String name(Object key) {
        return key instanceof String s && !s.isBlank() ? s.trim() : null;
    }

    /**
     * @param name a name read with {@link #string}; null when it was missing
     * @return {@code " 'name'"}, or {@code ""} for null (the missing name is reported on its own), to follow a
     *     noun in a message: {@code "stage" + quoted(name) + " has no groups"}
     */
    static String quoted(String name) {
        return name == null ? "" : " '" + name + "'";
    }

    private static BigDecimal parse(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
