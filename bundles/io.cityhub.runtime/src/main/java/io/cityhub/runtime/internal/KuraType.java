package io.cityhub.runtime.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ten property types of a Kura snapshot ({@code esf:property type="…"}, Kura's {@code Scalar} names) and the
 * Java type each becomes in ConfigurationAdmin. Values are parsed with the same JDK parsers Kura uses, except
 * that Boolean accepts only {@code true}/{@code false} and Char exactly one character: Kura would silently read
 * {@code yes} as false and drop the rest of {@code ab}, and a snapshot configures both runtimes, so such a value
 * is refused here rather than misread there.
 */
public enum KuraType {
    /** {@link String}, taken verbatim. */
    STRING("String", String.class, Function.identity()),
    /** {@link Long}. */
    LONG("Long", Long.class, Long::valueOf),
    /** {@link Double}. */
    DOUBLE("Double", Double.class, Double::valueOf),
    /** {@link Float}. */
    FLOAT("Float", Float.class, Float::valueOf),
    /** {@link Integer}. */
    INTEGER("Integer", Integer.class, Integer::valueOf),
    /** {@link Byte}. */
    BYTE("Byte", Byte.class, Byte::valueOf),
    /** {@link Character}: exactly one character. */
    CHAR("Char", Character.class, KuraType::parseChar),
    /** {@link Boolean}: {@code true} or {@code false}, any case. */
    BOOLEAN("Boolean", Boolean.class, KuraType::parseBoolean),
    /** {@link Short}. */
    SHORT("Short", Short.class, Short::valueOf),
    /**
     * A password, read as a plaintext {@link String} (see {@link SnapshotReader} for how {@code encrypted="true"}
     * values are read) and handed to ConfigurationAdmin encrypted with the runtime's CryptoService by
     * {@link ConfigurationPusher}, as Kura does; components decrypt it.
     */
    PASSWORD("Password", String.class, Function.identity());

    private final String kuraName;
    private final Class<?> javaType;
    private final Function<String, ?> parser;

    KuraType(String kuraName, Class<?> javaType, Function<String, ?> parser) {
        this.kuraName = kuraName;
        this.javaType = javaType;
        this.parser = parser;
    }

    /**
     * @return the name used in the snapshot's {@code type} attribute and in metatype {@code AD type}, e.g.
     *     {@code Integer}
     */
    public String kuraName() {
        return kuraName;
    }

    /** @return the boxed Java type of one value in ConfigurationAdmin; arrays are arrays of it */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * @param kuraName a {@code type} attribute value, case-sensitive as in Kura; may be null
     * @return the type, or empty if the name is not one of the ten
     */
    public static Optional<KuraType> fromKuraName(String kuraName) {
        return Arrays.stream(values()).filter(t -> t.kuraName.equals(kuraName)).findFirst();
    }

    /**
     * @param text one value as written in the snapshot, not null
     * @return the value as {@link #javaType()}
     * @throws IllegalArgumentException if the text is not a value of this type
     */
    Object parse(String text) {
        return parser.apply(text);
    }

    private static Character parseChar(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("not one character");
        }
        return text.charAt(0);
    }

    private static Boolean parseBoolean(String text) {
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not true or false");
    }
}
