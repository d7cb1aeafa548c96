package io.cityhub.api;

/**
 * Delivery class of a reading. Higher classes drain first from the outbox and are the last to be dropped
 * when it is full. Declaration order is drain order.
 */
public enum Priority {
    /** Safety events: traffic-light faults, conflict-monitor trips, gap records about lost data. */
    SAFETY,
    /** Ordinary sensor telemetry. */
    TELEMETRY,
    /** Gateway diagnostics: counters, health, debugging aids. */
    DIAGNOSTIC
}
