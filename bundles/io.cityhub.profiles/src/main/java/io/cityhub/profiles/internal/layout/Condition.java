package io.cityhub.profiles.internal.layout;

import java.util.Set;

/**
 * When a step applies: on the FPort, or on the value of a field decoded earlier (a type byte, a mode nibble).
 *
 * @param fports the FPorts the step applies to; empty for any
 * @param field the field whose raw value is tested; null for none
 * @param in the raw values the field must have; empty for any
 * @param notIn the raw values the field must not have; empty for none
 * @param min smallest raw value the field may have; {@link Long#MIN_VALUE} for no bound
 * @param max largest raw value the field may have; {@link Long#MAX_VALUE} for no bound
 */
record Condition(Set<Integer> fports, String field, Set<Long> in, Set<Long> notIn, long min, long max) {

    /** Always true. */
    static final Condition ALWAYS = new Condition(Set.of(), null, Set.of(), Set.of(), Long.MIN_VALUE,
            Long.MAX_VALUE);

    Condition {
        fports = Set.copyOf(fports);
        in = Set.copyOf(in);
        notIn = Set.copyOf(notIn);
    }

    /**
     * @param fport the frame's FPort, null when the transport has none
     * @param values raw values decoded so far, by field name
     * @return whether the step applies; a condition on a field not decoded (yet) is false
     */
    boolean holds(Integer fport, java.util.Map<String, Long> values) {
        if (!fports.isEmpty() && (fport == null || !fports.contains(fport))) {
            return false;
        }
        if (field == null) {
            return true;
        }
        Long value = values.get(field);
        if (value == null) {
            return false;
        }
        return (in.isEmpty() || in.contains(value)) && !notIn.contains(value) && value >= min && value <= max;
    }
}
