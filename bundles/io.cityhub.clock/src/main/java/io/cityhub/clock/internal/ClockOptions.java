package io.cityhub.clock.internal;

import java.time.Duration;

/**
 * Validated configuration of the clock state. The bounds are the constants below, which the metatype
 * ({@link ClockStateConfig}) uses as its min/max.
 *
 * @param overrideSynchronised the state used while no tool answers
 * @param probeInterval time between probes
 * @param probeTimeout how long one tool may take
 */
record ClockOptions(boolean overrideSynchronised, Duration probeInterval, Duration probeTimeout) {

    /** Metatype and code bound of {@code probe.interval.seconds}. */
    static final int MIN_PROBE_INTERVAL_SECONDS = 1;
    /** Metatype and code bound of {@code probe.interval.seconds}: one hour. */
    static final int MAX_PROBE_INTERVAL_SECONDS = 3_600;
    /** Metatype and code bound of {@code probe.timeout.millis}. */
    static final int MIN_PROBE_TIMEOUT_MILLIS = 100;
    /** Metatype and code bound of {@code probe.timeout.millis}. */
    static final int MAX_PROBE_TIMEOUT_MILLIS = 30_000;

    /**
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>}
     */
    static ClockOptions from(ClockStateConfig config) {
        check("probe.interval.seconds", config.probe_interval_seconds(), MIN_PROBE_INTERVAL_SECONDS,
                MAX_PROBE_INTERVAL_SECONDS);
        check("probe.timeout.millis", config.probe_timeout_millis(), MIN_PROBE_TIMEOUT_MILLIS,
                MAX_PROBE_TIMEOUT_MILLIS);
        return new ClockOptions(config.override_synchronised(), Duration.ofSeconds(config.probe_interval_seconds()),
                Duration.ofMillis(config.probe_timeout_millis()));
    }

    private static void check(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(SystemClockState.PID + ": attribute '" + attribute
                    + "' has invalid value '" + value + "'; expected an integer from " + min + " to " + max);
        }
    }
}
