package io.cityhub.sensor.gpio.internal;

/** What a configured pin is. */
enum PinRole {
    /** A digital input: a reading on each debounced change, and a heartbeat. */
    INPUT("state"),
    /** A pulse counter: counts, rate and running total per window. */
    COUNTER("count"),
    /** A relay output offered as an {@link io.cityhub.api.output.DigitalOutput} service. */
    OUTPUT("state");

    private final String defaultChannel;

    PinRole(String defaultChannel) {
        this.defaultChannel = defaultChannel;
    }

    /** @return the channel readings carry when none is configured */
    String defaultChannel() {
        return defaultChannel;
    }
}
