package io.cityhub.runtime.internal;

import java.util.Objects;

/**
 * One {@code esf:property} of a snapshot, already parsed.
 *
 * @param name the property name, not null, not empty
 * @param type the declared Kura type, not null
 * @param array whether the property was declared {@code array="true"}
 * @param value the value as ConfigurationAdmin receives it, not null: an instance of {@code type.javaType()}, or
 *     for an array an array of it (empty only in the runtime's own snapshots: an attribute a technician
 *     cleared); Password values are plaintext here ({@link ConfigurationPusher}
 *     encrypts them on their way to ConfigurationAdmin)
 * @param line the line of the {@code esf:property} element in the snapshot, 0 if the reader added the property
 * @param sealed true for a Password value that is already ciphertext of the runtime's CryptoService (read from
 *     one of the runtime's own snapshots): {@link ConfigurationPusher} hands it over as it is
 */
public record SnapshotProperty(String name, KuraType type, boolean array, Object value, int line, boolean sealed) {

    /**
     * A property whose Password value, if any, is plaintext.
     *
     * @param name see the record
     * @param type see the record
     * @param array see the record
     * @param value see the record
     * @param line see the record
     */
    public SnapshotProperty(String name, KuraType type, boolean array, Object value, int line) {
        this(name, type, array, value, line, false);
    }

    /** Checks the invariants above. */
    public SnapshotProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = array ? type.javaType().arrayType() : type.javaType();
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("property '" + name + "' value is a " + value.getClass().getName()
                    + ", expected " + expected.getName());
        }
        if (sealed && type != KuraType.PASSWORD) {
            throw new IllegalArgumentException("property '" + name + "' is sealed but not a Password");
        }
    }
}
