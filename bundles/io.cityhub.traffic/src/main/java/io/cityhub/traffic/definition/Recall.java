package io.cityhub.traffic.definition;

/** Recall mode of a signal group in actuated operation (NEMA terms, notes/traffic.md §2.1). */
public enum Recall {
    /** Served only on a call from a detector, button or priority request. */
    NONE,
    /** A permanent call: the group is served every cycle for at least its minimum green. */
    MIN,
    /** A permanent call that also holds the green to its maximum: the group runs as if fixed-time. */
    MAX
}
