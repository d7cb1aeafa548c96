package io.cityhub.traffic.monitor;

/**
 * A safety rule the lamps broke, seen by the {@link ConflictMonitor}.
 *
 * @param kind which rule
 * @param tick the monitor's tick at which it was seen
 * @param detail what was seen, naming the groups or outputs and the values
 */
public record Violation(Kind kind, long tick, String detail) {

    /** The monitored rules (issue 13; NEMA TS 2 MMU checks, notes §1.6). */
    public enum Kind {
        /** Two conflicting groups showed a go aspect (green, amber, flashing green) together. */
        CONFLICT,
        /** A green started before its intergreen from a conflicting group's green end elapsed. */
        INTERGREEN,
        /** Amber shorter than configured. */
        SHORT_AMBER,
        /** Green followed directly by red. */
        GREEN_TO_RED,
        /** A head showed nothing outside flashing operation (no red where red is due). */
        MISSING_RED,
        /** A head lit two of its lamps at once. */
        DUAL_INDICATION,
        /** An output's feedback disagreed with its command. */
        FEEDBACK
    }
}
