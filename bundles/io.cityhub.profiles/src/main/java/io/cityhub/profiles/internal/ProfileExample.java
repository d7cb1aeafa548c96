package io.cityhub.profiles.internal;

import java.util.Map;

/**
 * A documented example payload of a profile and what it must decode to.
 *
 * @param description what the example shows
 * @param fport the FPort, null for none
 * @param payload the bytes
 * @param readings expected values by channel ({@link Double}, {@link Boolean} or {@link String}); empty for an
 *     error example
 * @param error text the decode error must contain; null for a successful example
 */
public record ProfileExample(String description, Integer fport, byte[] payload, Map<String, Object> readings,
        String error) {

    /** Copies the readings. */
    public ProfileExample {
        readings = Map.copyOf(readings);
    }
}
