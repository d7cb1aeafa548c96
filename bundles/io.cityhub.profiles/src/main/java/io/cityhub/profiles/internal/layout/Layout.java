package io.cityhub.profiles.internal.layout;

import java.util.List;
import java.util.Set;

/**
 * A device's binary payload format, declared in its profile.
 *
 * @param fports the FPorts the device sends readings on; empty for any (and for transports without FPort)
 * @param minLength shortest valid payload in bytes
 * @param maxLength longest valid payload in bytes
 * @param steps what the payload holds, in order
 */
public record Layout(Set<Integer> fports, int minLength, int maxLength, List<Step> steps) {

    /** Copies the collections. */
    public Layout {
        fports = Set.copyOf(fports);
        steps = List.copyOf(steps);
    }
}
