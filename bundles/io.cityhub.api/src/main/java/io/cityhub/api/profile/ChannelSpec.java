package io.cityhub.api.profile;

import java.util.Objects;

/**
 * One quantity a device model measures.
 *
 * @param name the channel name used in readings, never null
 * @param unit SenML/UCUM unit symbol, empty for none, never null
 * @param min lowest physically plausible value (readings below are rejected); {@code -Infinity} for no bound
 * @param max highest physically plausible value; {@code +Infinity} for no bound
 */
public record ChannelSpec(String name, String unit, double min, double max) {

    /** @throws IllegalArgumentException if min is above max */
    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (min > max) {
            throw new IllegalArgumentException("channel " + name + ": min " + min + " above max " + max);
        }
    }
}
