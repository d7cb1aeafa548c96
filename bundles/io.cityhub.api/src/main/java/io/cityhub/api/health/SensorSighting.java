package io.cityhub.api.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The last reading of one sensor's channel that reached the outbox.
 *
 * @param sensorId the sensor, as it named itself (field data: may hold any character); never null
 * @param channel the quantity, e.g. {@code temperature}; never null
 * @param value the value as text (a number, a boolean, a state or text); never null
 * @param unit the SenML unit symbol, empty for none; never null
 * @param observedAt the reading's own timestamp; never null
 * @param receivedAt when the gateway accepted it (its clock); never null
 * @param readings how many readings of this channel were accepted since the gateway started
 */
public record SensorSighting(String sensorId, String channel, String value, String unit, Instant observedAt,
        Instant receivedAt, long readings) {

    /** @throws NullPointerException if any reference is null */
    public SensorSighting {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
