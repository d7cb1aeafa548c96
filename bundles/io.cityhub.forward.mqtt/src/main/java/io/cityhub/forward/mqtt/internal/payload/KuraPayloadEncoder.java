package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.buffer.GapRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * KuraPayload protobuf (field numbers: notes/kura.md §7). One KuraPayload per message: {@code timestamp} (1) is the
 * first reading's time in epoch milliseconds; a metric {@value #SENSOR_METRIC} (STRING) holds the exact sensor id (the
 * topic level is sanitised, so two ids may share a topic); each reading k (0-based within the message) adds metrics
 * (5000):
 * <ul>
 * <li>{@code <k>.<channel>}: the value (DOUBLE, BOOL or STRING);</li>
 * <li>{@code <k>:id} (STRING) the reading id, {@code <k>:ts} (INT64) its time in epoch ms, {@code <k>:clock}
 * (STRING, sync/unsync/est), {@code <k>:unit} (STRING, only when the unit is not empty); gap records add
 * {@code <k>:gap.from}, {@code <k>:gap.to}, {@code <k>:gap.reason} (STRING).</li>
 * </ul>
 * The {@code .}/{@code :} separators keep a channel named {@code id} apart from the id metric.
 */
final class KuraPayloadEncoder implements PayloadEncoder {

    static final int PAYLOAD_TIMESTAMP = 1;
    static final int PAYLOAD_METRIC = 5000;
    static final int METRIC_NAME = 1;
    static final int METRIC_TYPE = 2;
    static final int METRIC_DOUBLE = 3;
    static final int METRIC_LONG = 5;
    static final int METRIC_BOOL = 7;
    static final int METRIC_STRING = 8;
    static final int TYPE_DOUBLE = 0;
    static final int TYPE_INT64 = 2;
    static final int TYPE_BOOL = 4;
    static final int TYPE_STRING = 5;
    /** The metric that names the sensor; never clashes with reading metrics, which start with a digit. */
    static final String SENSOR_METRIC = "sensor";
    /** Tag of field 1 (1 byte) plus the longest varint (10 bytes). */
    private static final int TIMESTAMP_BOUND = 11;

    @Override
    public List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes) {
        List<EncodedPayload> payloads = new ArrayList<>(2);
        List<byte[]> metrics = new ArrayList<>(readings.size());
        byte[] sensor = new ProtobufWriter(48).bytesField(PAYLOAD_METRIC, stringMetric(SENSOR_METRIC, sensorId))
                .toByteArray();
        long firstMillis = 0;
        int size = TIMESTAMP_BOUND + sensor.length;
        for (Reading reading : readings) {
            byte[] encoded = metrics(reading, metrics.size());
            if (!metrics.isEmpty() && size + encoded.length > maxBytes) {
                payloads.add(payload(firstMillis, sensor, metrics));
                metrics.clear();
                size = TIMESTAMP_BOUND + sensor.length;
                encoded = metrics(reading, 0);
            }
            if (metrics.isEmpty()) {
                firstMillis = reading.timestamp().toEpochMilli();
            }
            size += encoded.length;
            metrics.add(encoded);
        }
        payloads.add(payload(firstMillis, sensor, metrics));
        return payloads;
    }

    private static EncodedPayload payload(long timestampMillis, byte[] sensor, List<byte[]> metrics) {
        ProtobufWriter payload = new ProtobufWriter(256);
        payload.varintField(PAYLOAD_TIMESTAMP, timestampMillis);
        payload.raw(sensor);
        for (byte[] m : metrics) {
            payload.raw(m);
        }
        return new EncodedPayload(payload.toByteArray(), metrics.size());
    }

    /** @return the metric fields (5000) of one reading, concatenated */
    private static byte[] metrics(Reading reading, int index) {
        ProtobufWriter out = new ProtobufWriter(128);
        ProtobufWriter value = new ProtobufWriter(32).stringField(METRIC_NAME, index + "." + reading.channel());
        ReadingValue v = reading.value();
        if (v instanceof ReadingValue.NumberValue number) {
            value.varintField(METRIC_TYPE, TYPE_DOUBLE).doubleField(METRIC_DOUBLE, number.value());
        } else if (v instanceof ReadingValue.BooleanValue flag) {
            value.varintField(METRIC_TYPE, TYPE_BOOL).varintField(METRIC_BOOL, flag.value() ? 1 : 0);
        } else {
            value.varintField(METRIC_TYPE, TYPE_STRING)
                    .stringField(METRIC_STRING, ((ReadingValue.TextValue) v).value());
        }
        out.bytesField(PAYLOAD_METRIC, value.toByteArray());
        out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":id", reading.id()));
        out.bytesField(PAYLOAD_METRIC, new ProtobufWriter(24).stringField(METRIC_NAME, index + ":ts")
                .varintField(METRIC_TYPE, TYPE_INT64)
                .varintField(METRIC_LONG, reading.timestamp().toEpochMilli()).toByteArray());
        out.bytesField(PAYLOAD_METRIC,
                stringMetric(index + ":clock", ReadingRecords.clockCode(reading.clockQuality())));
        if (!reading.unit().isEmpty()) {
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":unit", reading.unit()));
        }
        GapRecord.from(reading).ifPresent(gap -> {
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":gap.from", gap.from().toString()));
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":gap.to", gap.to().toString()));
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":gap.reason", gap.reason()));
        });
        UndeliverableEvent.fields(reading).ifPresent(f -> {
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":undeliverable.reading", f.get("reading")));
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":undeliverable.sensor", f.get("sensor")));
            out.bytesField(PAYLOAD_METRIC, stringMetric(index + ":undeliverable.reason", f.get("reason")));
        });
        return out.toByteArray();
    }

    private static byte[] stringMetric(String name, String value) {
        return new ProtobufWriter(48).stringField(METRIC_NAME, name)
                .varintField(METRIC_TYPE, TYPE_STRING)
                .stringField(METRIC_STRING, value).toByteArray();
    }
}
