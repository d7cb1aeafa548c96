package io.cityhub.runtime.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code esf:configuration} of a snapshot: a singleton's configuration or one factory instance.
 *
 * @param pid the {@code pid} attribute: a singleton's PID, or a factory instance's name (its
 *     {@code kura.service.pid}); not null
 * @param factoryPid the factory PID (the {@code service.factoryPid} property) of a factory instance, or null for
 *     a singleton
 * @param properties the properties in file order, not null; always holds {@code kura.service.pid} (added with
 *     the value of {@code pid} where the file has none); never holds {@code service.pid},
 *     {@code service.factoryPid} or {@code service.bundleLocation}, which ConfigurationAdmin owns
 * @param line the line of the {@code esf:configuration} element
 */
public record SnapshotConfiguration(String pid, String factoryPid, List<SnapshotProperty> properties, int line) {

    /** Kura's identity property, present on every configuration Kura manages. */
    public static final String KURA_SERVICE_PID = "kura.service.pid";

    /** Copies the property list and checks that no argument except {@code factoryPid} is null. */
    public SnapshotConfiguration {
        Objects.requireNonNull(pid, "pid");
        properties = List.copyOf(properties);
    }

    /** @return true if this configuration is an instance of the factory {@link #factoryPid()} */
    public boolean isFactoryInstance() {
        return factoryPid != null;
    }

    /** @return property name → value, in file order; unmodifiable */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        properties.forEach(p -> values.put(p.name(), p.value()));
        return Collections.unmodifiableMap(values);
    }

    /** @return the properties as a new dictionary for {@code Configuration.update}; never null */
    public Dictionary<String, Object> toDictionary() {
        return new Hashtable<>(values());
    }
}
