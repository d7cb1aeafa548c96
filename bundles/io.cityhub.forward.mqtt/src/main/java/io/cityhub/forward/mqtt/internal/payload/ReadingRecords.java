package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.buffer.GapRecord;
import io.cityhub.profiles.senml.SenmlLabel;
import io.cityhub.profiles.senml.SenmlRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a reading becomes a SenML record. Besides the standard fields, two extension fields (RFC 8428 §4.4; names
 * not ending in {@code _}, so a receiver that does not know them may ignore them) carry what the platform needs
 * for de-duplication and time trust: {@code rid} (the reading's deterministic id) and {@code clk} (clock quality).
 * Gap records add {@code from}, {@code to} and {@code reason}; undeliverable-reading events add {@code reading},
 * {@code sensor} and {@code reason}. Documented in the bundle README. The record model is the shared one of
 * {@code io.cityhub.profiles.senml}.
 */
public final class ReadingRecords {

    private ReadingRecords() {
    }

    static SenmlRecord of(Reading reading, String baseName) {
        SenmlRecord record = new SenmlRecord();
        // standard fields by their label constant: no lookup of the JSON label per field (the uplink's hot path)
        if (baseName != null) {
            record.put(SenmlLabel.BASE_NAME, baseName);
        }
        record.put(SenmlLabel.NAME, reading.channel());
        if (!reading.unit().isEmpty()) {
            record.put(SenmlLabel.UNIT, reading.unit());
        }
        ReadingValue value = reading.value();
        if (value instanceof ReadingValue.NumberValue number) {
            record.put(SenmlLabel.VALUE, number.value());
        } else if (value instanceof ReadingValue.BooleanValue flag) {
            record.put(SenmlLabel.BOOLEAN_VALUE, flag.value());
        } else {
            record.put(SenmlLabel.STRING_VALUE, ((ReadingValue.TextValue) value).value());
        }
        record.put(SenmlLabel.TIME, seconds(reading.timestamp()));
        record.put("rid", reading.id());
        record.put("clk", clockCode(reading.clockQuality()));
        GapRecord.from(reading).ifPresent(gap -> record
                .put("from", gap.from().toString())
                .put("to", gap.to().toString())
                .put("reason", gap.reason()));
        UndeliverableEvent.fields(reading).ifPresent(f -> record
                .put("reading", f.get("reading"))
                .put("sensor", f.get("sensor"))
                .put("reason", f.get("reason")));
        return record;
    }

    /** @return SenML base name for one sensor's records: {@code <sensor>/} so that name = {@code <sensor>/<channel>} */
    static String baseName(String sensorId) {
        return sensorId + "/";
    }

    /** SenML time is seconds since the epoch as a number (RFC 8428 §4.5.3); a double keeps sub-microseconds. */
    static double seconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    static String clockCode(ClockQuality quality) {
        return switch (quality) {
            case SYNCHRONISED -> "sync";
            case UNSYNCHRONISED -> "unsync";
            case ESTIMATED -> "est";
        };
    }

    /**
     * The records of a SenML pack of mixed sensors: {@code bn} is set whenever the sensor changes (RFC 8428 §4.5.1).
     * A list of records is written as a JSON pack inside a JSON message ({@code io.cityhub.profiles.senml.JsonValues}).
     */
    public static List<SenmlRecord> mixedPack(List<Reading> readings) {
        List<SenmlRecord> records = new ArrayList<>(readings.size());
        String previous = null;
        for (Reading r : readings) {
            String base = r.sensorId().equals(previous) ? null : baseName(r.sensorId());
            records.add(of(r, base));
            previous = r.sensorId();
        }
        return records;
    }
}
