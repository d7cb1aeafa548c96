package io.cityhub.api.filter;

import java.util.Map;
import java.util.Objects;

/**
 * One filter of a channel's default chain, as a device profile declares it, e.g. type {@code deadband} with
 * parameters {@code mode=absolute}, {@code band=0.5}, {@code heartbeat.seconds=900}. The filter bundle validates
 * types and parameters and documents them (its README); an unknown type or a bad parameter disables nothing else.
 *
 * @param type the filter type: {@code unit}, {@code range}, {@code outlier}, {@code deadband}, {@code interval} or
 *     {@code aggregate}; never null or blank
 * @param parameters the parameters as text; never null, copied
 */
public record FilterSpec(String type, Map<String, String> parameters) {

    /**
     * @throws NullPointerException if type or parameters is null (or holds null)
     * @throws IllegalArgumentException if type is blank
     */
    public FilterSpec {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        parameters = Map.copyOf(parameters);
    }
}
