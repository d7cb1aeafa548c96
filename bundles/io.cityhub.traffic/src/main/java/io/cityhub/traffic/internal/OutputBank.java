package io.cityhub.traffic.internal;

import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.output.OutputException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The digital outputs present on the gateway, by their {@link DigitalOutput#OUTPUT_ID}. Thread-safe. */
final class OutputBank {

    private final Map<String, DigitalOutput> outputs = new ConcurrentHashMap<>();

    void add(String id, DigitalOutput output) {
        outputs.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(output, "output"));
    }

    void remove(String id, DigitalOutput output) {
        if (id != null) {
            outputs.remove(id, output);
        }
    }

    /** @return the ids among {@code needed} that no output service provides, sorted */
    Set<String> missing(Collection<String> needed) {
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(outputs.keySet());
        return missing;
    }

    /**
     * Writes levels, in order.
     *
     * @throws OutputException starting with the output's id, when one refused or has gone; later levels are not
     *     written
     */
    void write(Map<String, Boolean> levels) throws OutputException {
        for (Map.Entry<String, Boolean> e : levels.entrySet()) {
            DigitalOutput output = outputs.get(e.getKey());
            if (output == null) {
                throw new OutputException(e.getKey() + ": output service went away", null);
            }
            try {
                output.set(e.getValue());
            } catch (OutputException | RuntimeException failure) {
                // a driver bug is as much a fault of the signal head as a refusal: both make the lamps unknown
                throw new OutputException(e.getKey() + ": " + failure.getMessage(), failure);
            }
        }
    }

    /** @return the read-back levels of the needed outputs that have feedback */
    Map<String, Boolean> sensed(Collection<String> needed) {
        Map<String, Boolean> sensed = new LinkedHashMap<>();
        for (String id : needed) {
            DigitalOutput output = outputs.get(id);
            if (output != null && output.hasFeedback()) {
                sensed.put(id, output.sensed());
            }
        }
        return sensed;
    }

    /**
     * Drives every present needed output to its own safe level, trying all of them.
     *
     * @return the ids of outputs that refused, sorted
     */
    Set<String> driveSafe(Collection<String> needed) {
        Set<String> refused = new TreeSet<>();
        for (String id : needed) {
            DigitalOutput output = outputs.get(id);
            if (output == null) {
                continue;
            }
            try {
                output.set(output.safeState());
            } catch (OutputException | RuntimeException e) {
                refused.add(id);
            }
        }
        return refused;
    }
}
