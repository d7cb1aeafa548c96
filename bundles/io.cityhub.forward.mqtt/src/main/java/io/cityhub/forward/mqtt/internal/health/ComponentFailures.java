package io.cityhub.forward.mqtt.internal.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The cityhub components (name {@code io.cityhub.*}) that are not running, as the health message lists them under
 * {@code failedComponents}: from the Service Component Runtime's DTOs (DS 1.4 §112.12), every configuration whose
 * activation failed ({@code FAILED_ACTIVATION}, with SCR's failure text, e.g. our invalid-attribute message), whose
 * configuration is unsatisfied ({@code UNSATISFIED_CONFIGURATION}), or which waits for a missing reference
 * ({@code UNSATISFIED_REFERENCE}, e.g. on a component that failed). A technician sees at once which component is
 * down and why, without the gateway's log. A component that requires a configuration and has none yields no
 * configuration DTO and is not listed: it is not configured, not failed.
 */
public final class ComponentFailures implements Supplier<List<Map<String, Object>>> {

    /** Components of this project: their names are their PIDs, {@code io.cityhub.<bundle>.<Component>}. */
    static final String PREFIX = "io.cityhub.";

    private final Supplier<Collection<ComponentDescriptionDTO>> descriptions;
    private final Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations;

    /**
     * @param descriptions every component description (all bundles)
     * @param configurations the configurations of one description
     */
    public ComponentFailures(Supplier<Collection<ComponentDescriptionDTO>> descriptions,
            Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        this.descriptions = descriptions;
        this.configurations = configurations;
    }

    /** @param scr the framework's Service Component Runtime */
    public static ComponentFailures of(ServiceComponentRuntime scr) {
        return new ComponentFailures(scr::getComponentDescriptionDTOs, scr::getComponentConfigurationDTOs);
    }

    /**
     * @param failures where to look, or null when there is no Service Component Runtime
     * @return the list for the health message: never fails, since the runtime going away mid-call must not cost the
     *     platform the rest of the message
     */
    public static List<Map<String, Object>> listed(ComponentFailures failures) {
        if (failures == null) {
            return List.of();
        }
        try {
            return failures.get();
        } catch (RuntimeException e) {
            return List.of(Map.of("name", "unknown", "state", "unreadable", "reason", e.toString()));
        }
    }

    /** @return one entry per component configuration that is not active, sorted by name; empty when all run */
    @Override
    public List<Map<String, Object>> get() {
        List<Map<String, Object>> failed = new ArrayList<>();
        for (ComponentDescriptionDTO description : descriptions.get()) {
            if (description.name == null || !description.name.startsWith(PREFIX)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : configurations.apply(description)) {
                Map<String, Object> entry = entry(description, configuration);
                if (entry != null) {
                    failed.add(entry);
                }
            }
        }
        failed.sort(Comparator.comparing(e -> (String) e.get("name")));
        return failed;
    }

    private static Map<String, Object> entry(ComponentDescriptionDTO description, ComponentConfigurationDTO c) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", description.name);
        Object pid = c.properties == null ? null : c.properties.get("service.pid");
        if (pid != null && !pid.equals(description.name)) {
            entry.put("pid", String.valueOf(pid)); // a factory instance
        }
        switch (c.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> {
                entry.put("state", "failed-activation");
                entry.put("reason", c.failure == null ? "activation failed" : firstLine(c.failure));
            }
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> {
                entry.put("state", "unsatisfied-configuration");
                entry.put("reason", "its configuration is missing or does not match");
            }
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                entry.put("state", "unsatisfied-reference");
                UnsatisfiedReferenceDTO[] missing = c.unsatisfiedReferences == null
                        ? new UnsatisfiedReferenceDTO[0] : c.unsatisfiedReferences;
                entry.put("reason", "waiting for " + String.join(", ",
                        Arrays.stream(missing).map(r -> r.name).toList()));
            }
            default -> {
                return null; // ACTIVE or SATISFIED (a delayed component not yet needed): running as designed
            }
        }
        return entry;
    }

    /** SCR's failure text is a stack trace; its first line holds the exception and our message */
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
