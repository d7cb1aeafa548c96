package io.cityhub.profiles.senml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SenML record (RFC 8428 §4): labelled fields in the order they were put or read, each label at most once. The
 * one record model of cityhub: the decoder reads packs into it ({@link SenmlFormat#read}) and the uplink writes
 * packs from it ({@link SenmlFormat#newPackWriter}).
 *
 * <p>Values are {@link String}, {@link Boolean}, {@link Long} (an {@link Integer} is kept as a {@code Long}) or
 * {@link Double} (a {@link Float} is kept as a {@code Double}). The labels of {@link SenmlLabel} are type-checked:
 * text for {@code bn}, {@code bu}, {@code n}, {@code u}, {@code vs}, {@code vd} (base64url, as in JSON), a boolean for
 * {@code vb}, an integer for {@code bver}, a number for the rest. Any other label is an extension field (§4.4) holding
 * a text, boolean or number. Numbers must be finite: SenML has no NaN or infinity (JSON cannot carry them, §5), so a
 * record refuses them rather than let a writer emit invalid or null values. Not thread-safe.
 */
public final class SenmlRecord {

    private static final int STANDARD_LABELS = SenmlLabel.values().length;

    private final List<String> labels = new ArrayList<>(10);
    private final List<Object> values = new ArrayList<>(10);
    /**
     * Where each label of the table sits in the lists, by {@link SenmlLabel#ordinal()}, -1 when absent: a reader asks
     * for a dozen labels per record, and a scan of the labels for each cost more than the rest of the record.
     */
    private final int[] standard = absent();

    /** Creates an empty record. */
    public SenmlRecord() {
        // fields are added with put
    }

    /**
     * Adds a field of RFC 8428's table.
     *
     * @param label the label, not null
     * @param value the value, of the label's type (class description), not null
     * @return this record
     * @throws IllegalArgumentException if the record already has the label, the value has the wrong type, or a
     *     number is NaN or infinite
     */
    public SenmlRecord put(SenmlLabel label, Object value) {
        Object checked = normalised(label.json(), value);
        String expected = switch (label) {
            case BASE_NAME, BASE_UNIT, NAME, UNIT, STRING_VALUE, DATA_VALUE ->
                    checked instanceof String ? null : "a text";
            case BOOLEAN_VALUE -> checked instanceof Boolean ? null : "a boolean";
            case BASE_VERSION -> checked instanceof Long ? null : "an integer";
            default -> checked instanceof Long || checked instanceof Double ? null : "a number";
        };
        if (expected != null) {
            throw new IllegalArgumentException("SenML label '" + label.json() + "' must be " + expected + ", not "
                    + checked.getClass().getSimpleName());
        }
        if (standard[label.ordinal()] >= 0) {
            throw twice(label.json());
        }
        standard[label.ordinal()] = labels.size();
        labels.add(label.json());
        values.add(checked);
        return this;
    }

    /**
     * Adds a field by its JSON label: a label of {@link SenmlLabel} is checked as by {@link #put(SenmlLabel, Object)},
     * any other is an extension field.
     *
     * @param label the JSON label, e.g. {@code n} or {@code rid}; not null or empty
     * @param value a text, boolean or number, not null
     * @return this record
     * @throws IllegalArgumentException as {@link #put(SenmlLabel, Object)}, or for a value of another type
     */
    public SenmlRecord put(String label, Object value) {
        SenmlLabel known = SenmlLabel.ofJson(label).orElse(null);
        if (known != null) {
            return put(known, value);
        }
        if (label.isEmpty()) {
            throw new IllegalArgumentException("a SenML label must not be empty");
        }
        Object checked = normalised(label, value);
        if (!(checked instanceof String || checked instanceof Boolean || checked instanceof Long
                || checked instanceof Double)) {
            throw new IllegalArgumentException("SenML extension field '" + label
                    + "' must be a text, boolean or number, not " + checked.getClass().getSimpleName());
        }
        return add(label, checked);
    }

    /** @return whether the record has the field {@code label} */
    public boolean has(SenmlLabel label) {
        return standard[label.ordinal()] >= 0;
    }

    /**
     * @param label a JSON label (of the table or an extension)
     * @return its value, or null if the record has no such field
     */
    public Object get(String label) {
        int i = indexOf(label);
        return i < 0 ? null : values.get(i);
    }

    /** @return the text value of {@code label}, or null if absent */
    public String text(SenmlLabel label) {
        return (String) get(label);
    }

    /** @return the numeric value of {@code label} as a double, or null if absent */
    public Double number(SenmlLabel label) {
        Object value = get(label);
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** @return the boolean value of {@code label}, or null if absent */
    public Boolean flag(SenmlLabel label) {
        return (Boolean) get(label);
    }

    /**
     * @return the integer value of {@code label}, or null if absent
     * @throws ClassCastException if the field holds a non-integral number
     */
    public Long integer(SenmlLabel label) {
        return (Long) get(label);
    }

    /** @return the number of fields */
    public int size() {
        return labels.size();
    }

    /** @return the JSON label of the {@code index}-th field (0-based, in order) */
    public String label(int index) {
        return labels.get(index);
    }

    /** @return the value of the {@code index}-th field (0-based, in order) */
    public Object value(int index) {
        return values.get(index);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(labels.get(i)).append('=').append(values.get(i));
        }
        return out.append('}').toString();
    }

    private Object get(SenmlLabel label) {
        int i = standard[label.ordinal()];
        return i < 0 ? null : values.get(i);
    }

    private static int[] absent() {
        int[] positions = new int[STANDARD_LABELS];
        Arrays.fill(positions, -1);
        return positions;
    }

    private static IllegalArgumentException twice(String label) {
        return new IllegalArgumentException("SenML label '" + label + "' appears twice in one record");
    }

    /** An extension label: never one of the table's ({@link #put(String, Object)} routes those to the other put). */
    private SenmlRecord add(String label, Object value) {
        if (indexOf(label) >= 0) {
            throw twice(label);
        }
        labels.add(label);
        values.add(value);
        return this;
    }

    private int indexOf(String label) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equals(label)) {
                return i;
            }
        }
        return -1;
    }

    private static Object normalised(String label, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("SenML label '" + label + "' has no value (null)");
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            value = f.doubleValue();
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException("SenML label '" + label + "' must be a finite number, not " + d
                    + " (RFC 8428 has no NaN or infinity)");
        }
        return value;
    }
}
