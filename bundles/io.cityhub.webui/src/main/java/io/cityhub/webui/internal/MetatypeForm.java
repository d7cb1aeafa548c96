package io.cityhub.webui.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A configuration form from an {@link ObjectClassDefinition}: renders one input per value (options as a select,
 * booleans as true/false, Password attributes never shown back) and turns a submitted form into typed properties,
 * validated by each {@link AttributeDefinition#validate}. An attribute with cardinality n shows min(|n|, 10) inputs,
 * as Kura's UI does; its empty inputs are dropped.
 */
final class MetatypeForm {

    /** Inputs shown for a multi-valued attribute, at most. */
    static final int MAX_INPUTS = 10;
    /** Form fields of attributes are {@code ad.<attribute id>}, repeated for multi-valued ones. */
    static final String FIELD_PREFIX = "ad.";

    /** Encrypts a Password value before it is stored (with the runtime's CryptoService). */
    @FunctionalInterface
    interface Sealer {
        /**
         * @param plain the value typed in, not empty
         * @return what ConfigurationAdmin stores
         * @throws IOException if it cannot be encrypted
         */
        String seal(String plain) throws IOException;
    }

    /**
     * A parsed form.
     *
     * @param values typed value per attribute id; a null value means the property is to be removed
     * @param errors the reason per attribute id; empty if the form is valid
     */
    record Result(Map<String, Object> values, Map<String, String> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private MetatypeForm() {
    }

    /**
     * @param ocd the metatype
     * @param current the stored properties (or defaults for a new instance), not null
     * @param submitted the form as sent, to show it again after an error; null to show {@code current}
     * @param errors the reason per attribute id, shown beside its inputs
     * @return the inputs as HTML
     */
    static String render(ObjectClassDefinition ocd, Map<String, Object> current, Map<String, List<String>> submitted,
            Map<String, String> errors) {
        Set<String> required = ids(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        StringBuilder html = new StringBuilder();
        for (AttributeDefinition ad : all(ocd)) {
            String id = ad.getID();
            boolean isRequired = required.contains(id);
            boolean password = ad.getType() == AttributeDefinition.PASSWORD;
            List<String> shown = password ? List.of()
                    : submitted != null ? submitted.getOrDefault(FIELD_PREFIX + id, List.of()) : texts(current.get(id));
            int inputs = ad.getCardinality() == 0 ? 1 : Math.min(Math.abs(ad.getCardinality()), MAX_INPUTS);
            html.append("<div class=\"field\"><label for=\"").append(Html.escape(inputId(id, 0))).append("\">")
                    .append(Html.escape(ad.getName() == null ? id : ad.getName()))
                    .append(isRequired ? " *" : "").append(" <code>").append(Html.escape(id)).append("</code></label>");
            for (int i = 0; i < inputs; i++) {
                String value = i < shown.size() ? shown.get(i) : "";
                html.append(input(ad, i, value, isRequired && i == 0, password && !texts(current.get(id)).isEmpty()));
            }
            if (ad.getDescription() != null) {
                html.append("<div class=\"help\">").append(Html.escape(ad.getDescription())).append("</div>");
            }
            String error = errors.get(id);
            if (error != null) {
                html.append("<div class=\"error\" id=\"error-").append(Html.escape(id)).append("\">")
                        .append(Html.escape(error)).append("</div>");
            }
            html.append("</div>");
        }
        return html.toString();
    }

    static String inputId(String attributeId, int index) {
        return "f-" + attributeId + "-" + index;
    }

    private static String input(AttributeDefinition ad, int index, String value, boolean required, boolean stored) {
        String name = Html.escape(FIELD_PREFIX + ad.getID());
        String id = Html.escape(inputId(ad.getID(), index));
        String[] optionValues = options(ad);
        if (ad.getType() == AttributeDefinition.PASSWORD) {
            return "<input type=\"password\" autocomplete=\"new-password\" name=\"" + name + "\" id=\"" + id
                    + "\" value=\"\" placeholder=\"" + (stored ? "set; leave empty to keep it" : "not set") + "\">";
        }
        if (ad.getType() == AttributeDefinition.BOOLEAN && optionValues == null) {
            optionValues = new String[] {"true", "false"};
        }
        if (optionValues != null) {
            String[] labels = ad.getOptionLabels();
            StringBuilder select = new StringBuilder("<select name=\"" + name + "\" id=\"" + id + "\">");
            if (!required) {
                select.append("<option value=\"\"").append(value.isEmpty() ? " selected" : "").append("></option>");
            }
            for (int i = 0; i < optionValues.length; i++) {
                String label = labels != null && i < labels.length ? labels[i] : optionValues[i];
                select.append("<option value=\"").append(Html.escape(optionValues[i])).append('"')
                        .append(optionValues[i].equals(value) ? " selected" : "").append('>')
                        .append(Html.escape(label)).append("</option>");
            }
            return select.append("</select>").toString();
        }
        String mode = switch (ad.getType()) {
            case AttributeDefinition.LONG, AttributeDefinition.INTEGER, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> " inputmode=\"numeric\"";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> " inputmode=\"decimal\"";
            default -> "";
        };
        return "<input type=\"text\"" + mode + " name=\"" + name + "\" id=\"" + id + "\" value=\"" + Html.escape(value)
                + "\"" + (required ? " required" : "") + ">";
    }

    /**
     * @param ocd the metatype
     * @param form the submitted fields
     * @param current the stored properties, not null (empty for a new instance)
     * @param sealer encrypts Password values
     * @return typed values, or the reasons the form is refused
     * @throws IOException if a Password value cannot be encrypted
     */
    static Result parse(ObjectClassDefinition ocd, Map<String, List<String>> form, Map<String, Object> current,
            Sealer sealer) throws IOException {
        Set<String> required = ids(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        Map<String, Object> values = new HashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (AttributeDefinition ad : all(ocd)) {
            String id = ad.getID();
            List<String> sent = form.getOrDefault(FIELD_PREFIX + id, List.of());
            try {
                if (ad.getType() == AttributeDefinition.PASSWORD) {
                    values.put(id, password(ad, sent, current.get(id), required.contains(id), sealer));
                } else if (ad.getCardinality() == 0) {
                    values.put(id, scalar(ad, sent.isEmpty() ? "" : sent.get(0), required.contains(id)));
                } else {
                    values.put(id, multiple(ad, sent, required.contains(id)));
                }
            } catch (IllegalArgumentException e) {
                errors.put(id, e.getMessage());
            }
        }
        return new Result(values, errors);
    }

    private static Object password(AttributeDefinition ad, List<String> sent, Object stored, boolean required,
            Sealer sealer) throws IOException {
        List<String> held = texts(stored);
        if (ad.getCardinality() == 0) {
            String typed = sent.isEmpty() ? "" : sent.get(0);
            if (typed.isEmpty()) {
                // an empty password field keeps the value stored (it is never shown back)
                if (held.isEmpty() && required) {
                    throw new IllegalArgumentException("required");
                }
                return stored;
            }
            check(ad, typed);
            return sealer.seal(typed);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < Math.max(sent.size(), held.size()); i++) {
            String typed = i < sent.size() ? sent.get(i) : "";
            if (!typed.isEmpty()) {
                check(ad, typed);
                result.add(sealer.seal(typed));
            } else if (i < held.size()) {
                result.add(held.get(i));
            }
        }
        if (result.isEmpty() && required) {
            throw new IllegalArgumentException("required");
        }
        return ad.getCardinality() > 0 ? result.toArray(new String[0]) : result;
    }

    private static Object scalar(AttributeDefinition ad, String text, boolean required) {
        if (text.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("required");
            }
            return ad.getType() == AttributeDefinition.STRING ? "" : null;
        }
        check(ad, text);
        return typed(ad.getType(), text);
    }

    private static Object multiple(AttributeDefinition ad, List<String> sent, boolean required) {
        List<Object> typedValues = new ArrayList<>();
        for (String text : sent) {
            if (text.isEmpty()) {
                continue;
            }
            check(ad, text);
            typedValues.add(typed(ad.getType(), text));
        }
        if (typedValues.isEmpty() && required) {
            throw new IllegalArgumentException("required");
        }
        if (typedValues.size() > Math.abs(ad.getCardinality())) {
            throw new IllegalArgumentException("at most " + Math.abs(ad.getCardinality()) + " values");
        }
        if (ad.getCardinality() < 0) {
            return typedValues;
        }
        Object array = Array.newInstance(javaType(ad.getType()), typedValues.size());
        for (int i = 0; i < typedValues.size(); i++) {
            Array.set(array, i, typedValues.get(i));
        }
        return array;
    }

    /** The metatype's own check: type, range, options, as the MetaTypeService implements it. */
    private static void check(AttributeDefinition ad, String text) {
        // a multi-valued attribute's validate() splits at unescaped commas; one input is one value
        String one = ad.getCardinality() == 0 ? text : text.replace("\\", "\\\\").replace(",", "\\,");
        String reason = ad.validate(one);
        if (reason != null && !reason.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': " + reason);
        }
        String[] options = options(ad);
        if (options != null && !Arrays.asList(options).contains(text)) {
            throw new IllegalArgumentException("'" + text + "' is not one of the options");
        }
    }

    /** @return the attribute's option values, null if it has none (the MetaTypeService may give an empty array) */
    private static String[] options(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        return options == null || options.length == 0 ? null : options;
    }

    /** @throws IllegalArgumentException if the text is not of the type */
    static Object typed(int type, String text) {
        String trimmed = text.strip();
        try {
            return switch (type) {
                case AttributeDefinition.LONG -> Long.valueOf(trimmed);
                case AttributeDefinition.INTEGER -> Integer.valueOf(trimmed);
                case AttributeDefinition.SHORT -> Short.valueOf(trimmed);
                case AttributeDefinition.BYTE -> Byte.valueOf(trimmed);
                case AttributeDefinition.DOUBLE -> Double.valueOf(trimmed);
                case AttributeDefinition.FLOAT -> Float.valueOf(trimmed);
                case AttributeDefinition.BOOLEAN -> bool(trimmed);
                case AttributeDefinition.CHARACTER -> character(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of the attribute's type");
        }
    }

    private static Boolean bool(String text) {
        if (!"true".equals(text) && !"false".equals(text)) {
            throw new IllegalArgumentException("'" + text + "' is neither true nor false");
        }
        return Boolean.valueOf(text);
    }

    private static Character character(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("'" + text + "' is not one character");
        }
        return text.charAt(0);
    }

    private static Class<?> javaType(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            default -> String.class;
        };
    }

    /**
     * @param ocd the metatype
     * @return the properties a new instance starts with: each attribute's default, typed
     */
    static Map<String, Object> defaults(ObjectClassDefinition ocd) {
        Map<String, Object> defaults = new HashMap<>();
        for (AttributeDefinition ad : all(ocd)) {
            String[] values = ad.getDefaultValue();
            if (values == null || values.length == 0 || ad.getType() == AttributeDefinition.PASSWORD) {
                continue;
            }
            try {
                defaults.put(ad.getID(), ad.getCardinality() == 0 ? typed(ad.getType(), values[0])
                        : multiple(ad, Arrays.asList(values), false));
            } catch (IllegalArgumentException e) {
                // a default the metatype itself does not accept: leave the attribute empty, the form shows why
                continue;
            }
        }
        return defaults;
    }

    /**
     * @param value a property value: a scalar, an array or a collection; may be null
     * @return its elements as text
     */
    static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        if (value == null) {
            return texts;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                texts.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> texts.add(String.valueOf(v)));
        } else if (!(value instanceof String s && s.isEmpty())) {
            texts.add(String.valueOf(value));
        }
        return texts;
    }

    private static List<AttributeDefinition> all(ObjectClassDefinition ocd) {
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return ads == null ? List.of() : Arrays.asList(ads);
    }

    private static Set<String> ids(AttributeDefinition[] ads) {
        Set<String> ids = new HashSet<>();
        if (ads != null) {
            for (AttributeDefinition ad : ads) {
                ids.add(ad.getID());
            }
        }
        return ids;
    }
}
