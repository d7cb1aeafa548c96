package io.cityhub.profiles.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.profiles.senml.SenmlLabel;
import io.cityhub.profiles.senml.SenmlRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SenML records into readings: resolves base fields (RFC 8428 §4.6), times (§4.5.3), names (§4.5.1),
 * and maps names to sensor and channel (see the bundle's README.md).
 */
final class SenmlResolver {

    /** RFC 8428 §4.5.3: resolved times below 2^28 s are relative to the time the pack is received. */
    static final double RELATIVE_TIME_LIMIT = 268_435_456.0;

    /** The SenML version this decoder implements (RFC 8428 §4.4: default 10). */
    static final long SUPPORTED_VERSION = 10;

    /** Times beyond ±10^11 s (year ~5138) cannot be a real observation and would overflow on conversion. */
    private static final double MAX_ABS_SECONDS = 1e11;

    /** What may follow the sensor id at the start of a base name that repeats it (see {@link #channelBelow}). */
    private static final String SENSOR_SEPARATORS = "/:-";

    private final String codecId;

    SenmlResolver(String codecId) {
        this.codecId = codecId;
    }

    /**
     * @param records the records in pack order
     * @param observation the context: receive time and clock, sensor from the transport, priority, source
     * @return one reading per record that carries a value
     * @throws DecodeException if a record is not valid SenML or uses what this decoder does not support
     */
    List<Reading> resolve(List<SenmlRecord> records, RawObservation observation) throws DecodeException {
        List<Reading> readings = new ArrayList<>(records.size());
        String receipt = observation.source().attributes().get(SourceMetadata.RECEIPT_ID);
        SourceMetadata source = CodecReadings.withoutReceipt(observation.source());
        String baseName = "";
        double baseTime = 0;
        String baseUnit = "";
        double baseValue = 0;
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord r = records.get(i);
            // base fields apply to their own record and every later one, until redefined (§4.1)
            if (r.has(SenmlLabel.BASE_VERSION) && r.integer(SenmlLabel.BASE_VERSION) > SUPPORTED_VERSION) {
                throw fail(i, "SenML version " + r.integer(SenmlLabel.BASE_VERSION) + " is newer than "
                        + SUPPORTED_VERSION + " (RFC 8428 §4.4)");
            }
            if (r.has(SenmlLabel.BASE_NAME)) {
                baseName = r.text(SenmlLabel.BASE_NAME);
            }
            if (r.has(SenmlLabel.BASE_TIME)) {
                baseTime = r.number(SenmlLabel.BASE_TIME);
            }
            if (r.has(SenmlLabel.BASE_UNIT)) {
                baseUnit = r.text(SenmlLabel.BASE_UNIT);
            }
            if (r.has(SenmlLabel.BASE_VALUE)) {
                baseValue = r.number(SenmlLabel.BASE_VALUE);
            }
            ReadingValue value = value(r, i, baseValue);
            if (value == null) {
                continue;
            }
            String name = baseName + (r.has(SenmlLabel.NAME) ? r.text(SenmlLabel.NAME) : "");
            checkName(name, i);
            String unit = r.has(SenmlLabel.UNIT) ? r.text(SenmlLabel.UNIT) : baseUnit;
            double time = baseTime + (r.has(SenmlLabel.TIME) ? r.number(SenmlLabel.TIME) : 0);
            Instant timestamp;
            ClockQuality clock;
            boolean gatewayStamped = time < RELATIVE_TIME_LIMIT;
            if (!Double.isFinite(time) || Math.abs(time) > MAX_ABS_SECONDS) {
                throw fail(i, "time " + time + " is out of range");
            }
            if (gatewayStamped) {
                // relative to the receiver's clock, so the reading inherits that clock's quality
                timestamp = observation.receivedAt().plus(toMicros(time), ChronoUnit.MICROS);
                clock = observation.receiveClock();
            } else {
                // absolute: the sensor stamped it with its own clock, which we take as synchronised
                timestamp = Instant.EPOCH.plus(toMicros(time), ChronoUnit.MICROS);
                clock = ClockQuality.SYNCHRONISED;
            }
            String sensor;
            String channel;
            if (observation.sensorId() != null && !observation.sensorId().isBlank()) {
                sensor = observation.sensorId();
                channel = channelBelow(sensor, baseName, name);
            } else {
                int split = Math.max(name.lastIndexOf(':'), name.lastIndexOf('/'));
                if (split <= 0 || split == name.length() - 1) {
                    throw fail(i, "cannot split name '" + name + "' into sensor and channel at its last ':' or '/';"
                            + " name the sensor in the URI path or end the base name with ':'");
                }
                sensor = name.substring(0, split);
                channel = name.substring(split + 1);
            }
            // the gateway's clock can show a time twice (a step back): its stamps need the receipt in the id
            String id = gatewayStamped && receipt != null
                    ? ReadingIds.ofReceipt(sensor, channel, unit, timestamp, receipt)
                    : ReadingIds.of(sensor, channel, unit, timestamp);
            Reading reading = new Reading(id, sensor, channel, value, unit, timestamp, clock, Priority.TELEMETRY,
                    source);
            readings.add(
                    observation.priority() == Priority.TELEMETRY
                            ? reading
                            : reading.withPriority(observation.priority()));
        }
        return readings;
    }

    /**
     * Devices usually put their own id in the base name ({@code bn: "dev-1/"}, RFC 8428 §4.5.1) and are also posted
     * to {@code /readings/dev-1}; the id must then not be repeated in the channel ({@code dev-1/dev-1/c0} at the
     * platform). When the base name equals the sensor id, or starts with it followed by {@code /}, {@code :} or
     * {@code -}, the channel is what follows the id and that one separator. Other names are the channel as they
     * are, so packs without such a base name keep their channels and reading ids.
     *
     * @return the channel for {@code name}; the whole name if nothing would be left of it
     */
    private static String channelBelow(String sensor, String baseName, String name) {
        boolean namesItself = baseName.equals(sensor) || baseName.startsWith(sensor)
                && SENSOR_SEPARATORS.indexOf(baseName.charAt(sensor.length())) >= 0;
        if (!namesItself) {
            return name;
        }
        String rest = name.substring(sensor.length());
        if (!rest.isEmpty() && SENSOR_SEPARATORS.indexOf(rest.charAt(0)) >= 0) {
            rest = rest.substring(1);
        }
        return rest.isEmpty() ? name : rest;
    }

    /** @return the resolved value, or null for a record that carries only a sum (ignored, see README.md) */
    private ReadingValue value(SenmlRecord r, int index, double baseValue) throws DecodeException {
        if (r.has(SenmlLabel.DATA_VALUE)) {
            throw fail(index, "data values ('vd') are not supported");
        }
        int count = (r.has(SenmlLabel.VALUE) ? 1 : 0) + (r.has(SenmlLabel.STRING_VALUE) ? 1 : 0)
                + (r.has(SenmlLabel.BOOLEAN_VALUE) ? 1 : 0);
        if (count > 1) {
            throw fail(index, "more than one value field");
        }
        if (count == 0) {
            if (r.has(SenmlLabel.SUM)) {
                return null;
            }
            // RFC 8428 §4.6 requires a value or a sum in every record
            throw fail(index, "no value ('v', 'vs' or 'vb')");
        }
        if (r.has(SenmlLabel.STRING_VALUE)) {
            return ReadingValue.of(r.text(SenmlLabel.STRING_VALUE));
        }
        if (r.has(SenmlLabel.BOOLEAN_VALUE)) {
            return ReadingValue.of(r.flag(SenmlLabel.BOOLEAN_VALUE));
        }
        double v = baseValue + r.number(SenmlLabel.VALUE);
        if (!Double.isFinite(v)) {
            throw fail(index, "value overflows");
        }
        return ReadingValue.of(v);
    }

    /** RFC 8428 §4.5.1: non-empty, starts with a letter or digit, then letters, digits, '-', ':', '.', '/', '_'. */
    private void checkName(String name, int index) throws DecodeException {
        if (name.isEmpty()) {
            throw fail(index, "empty name (neither 'bn' nor 'n')");
        }
        for (int c = 0; c < name.length(); c++) {
            char ch = name.charAt(c);
            boolean alnum = ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9';
            if (!alnum && (c == 0 || "-:./_".indexOf(ch) < 0)) {
                throw fail(index, "name '" + printable(name) + "' has a character not allowed by RFC 8428 §4.5.1 at "
                        + c);
            }
        }
    }

    /** SenML times are doubles; rounding to microseconds makes JSON and CBOR of the same pack give the same ids. */
    private static long toMicros(double seconds) {
        return Math.round(seconds * 1e6);
    }

    private static String printable(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private DecodeException fail(int index, String message) {
        return new DecodeException(codecId, "record " + index + ": " + message);
    }
}
