package io.cityhub.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of one quantity by one sensor: the unit of everything cityhub buffers and forwards.
 *
 * @param id deterministic id (see {@link ReadingIds}); equal for the same observation, so duplicates can be
 *     dropped downstream; never null or blank
 * @param sensorId the sensor that observed it, unique on this gateway (e.g. a DevEUI or a configured name);
 *     never null or blank
 * @param channel the quantity, e.g. {@code temperature}, {@code no2}, {@code count}; never null or blank
 * @param value the observed value; never null
 * @param unit SenML/UCUM unit symbol (RFC 8428 §12.1), e.g. {@code Cel}, {@code %RH}, {@code ug/m3};
 *     empty for dimensionless values and states; never null
 * @param timestamp when it was observed; never null
 * @param clockQuality how far {@code timestamp} can be trusted; never null
 * @param priority delivery class; never null
 * @param source transport metadata; never null
 */
public record Reading(
        String id,
        String sensorId,
        String channel,
        ReadingValue value,
        String unit,
        Instant timestamp,
        ClockQuality clockQuality,
        Priority priority,
        SourceMetadata source) {

    /**
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if id, sensorId or channel is blank
     */
    public Reading {
        requireText(id, "id");
        requireText(sensorId, "sensorId");
        requireText(channel, "channel");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(clockQuality, "clockQuality");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A telemetry reading whose id is derived from sensor, channel, unit and timestamp ({@link ReadingIds#of}).
     *
     * @param sensorId the sensor, not blank
     * @param channel the channel, not blank
     * @param value the value, not null
     * @param unit the unit symbol, empty for none, not null
     * @param timestamp when it was observed, not null
     * @param clockQuality how far the timestamp can be trusted, not null
     * @param source transport metadata, not null
     * @return the reading, in class {@link Priority#TELEMETRY}
     */
    public static Reading of(String sensorId, String channel, ReadingValue value, String unit,
            Instant timestamp, ClockQuality clockQuality, SourceMetadata source) {
        return new Reading(ReadingIds.of(sensorId, channel, unit, timestamp), sensorId, channel, value, unit,
                timestamp, clockQuality, Priority.TELEMETRY, source);
    }

    /**
     * @param newPriority the delivery class, not null
     * @return this reading in another delivery class, same id
     */
    public Reading withPriority(Priority newPriority) {
        return new Reading(id, sensorId, channel, value, unit, timestamp, clockQuality, newPriority, source);
    }

    private static void requireText(String text, String name) {
        Objects.requireNonNull(text, name);
        if (text.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
