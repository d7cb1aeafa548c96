package io.cityhub.api.buffer;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An explicit statement that readings were lost, so missing data is never silent. It travels as a
 * {@link Priority#SAFETY} reading on channel {@value #CHANNEL} whose value is the count, with the interval and
 * reason as source attributes.
 *
 * @param sensorId the sensor whose readings were lost, never null
 * @param from timestamp of the first lost reading, never null
 * @param to timestamp of the last lost reading, never null
 * @param count how many were lost, at least 1
 * @param reason why: {@code full}, {@code expired}, ...; never null
 */
public record GapRecord(String sensorId, Instant from, Instant to, long count, String reason) {

    /** The channel that marks a reading as a gap record. */
    public static final String CHANNEL = "cityhub.gap";

    /** @throws IllegalArgumentException if count is below 1 */
    public GapRecord {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (count < 1) {
            throw new IllegalArgumentException("a gap holds at least one reading, was " + count);
        }
    }

    /**
     * @param now when the gap was recorded, not null
     * @param clock quality of the clock behind {@code now}, not null
     * @return the gap as a safety-class reading with a deterministic id
     */
    public Reading toReading(Instant now, ClockQuality clock) {
        String id = ReadingIds.derive(CHANNEL, sensorId, from.toString(), to.toString(), reason, Long.toString(count));
        SourceMetadata meta = new SourceMetadata("gateway", null, null,
                Map.of("from", from.toString(), "to", to.toString(), "reason", reason));
        return new Reading(id, sensorId, CHANNEL, ReadingValue.of((double) count), "", now,
                clock, Priority.SAFETY, meta);
    }

    /**
     * @param reading any reading, not null
     * @return the gap it records, or empty if it is not a gap record
     */
    public static Optional<GapRecord> from(Reading reading) {
        if (!CHANNEL.equals(reading.channel()) || !(reading.value() instanceof ReadingValue.NumberValue n)) {
            return Optional.empty();
        }
        Map<String, String> a = reading.source().attributes();
        if (!a.containsKey("from") || !a.containsKey("to") || !a.containsKey("reason")) {
            return Optional.empty();
        }
        return Optional.of(new GapRecord(reading.sensorId(), Instant.parse(a.get("from")), Instant.parse(a.get("to")),
                (long) n.value(), a.get("reason")));
    }
}
