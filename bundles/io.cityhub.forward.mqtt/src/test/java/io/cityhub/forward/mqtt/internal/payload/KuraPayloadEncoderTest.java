package io.cityhub.forward.mqtt.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder.EncodedPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decodes our KuraPayload output with a protobuf reader written here from the wire-format rules and the field
 * numbers of kurapayload.proto (notes/kura.md §7), independent of the encoder's constants.
 */
public class KuraPayloadEncoderTest {

    @Test
    void decodesOneValueMetricPerReadingWithIdTimeAndClock() throws IOException {
        Reading t = Fixtures.temperature("s-1", 0);
        Reading door = Reading.of("s-1", "door", ReadingValue.of(false), "", Fixtures.T0.plusMillis(5),
                ClockQuality.ESTIMATED, SourceMetadata.of("gpio"));
        Reading fw = Reading.of("s-1", "id", ReadingValue.of("v1.2"), "", Fixtures.T0.plusMillis(9),
                ClockQuality.UNSYNCHRONISED, SourceMetadata.of("coap"));

        List<EncodedPayload> payloads = new KuraPayloadEncoder().encode("s-1", List.of(t, door, fw), 16384);

        assertThat(payloads).hasSize(1);
        Decoded decoded = decode(payloads.get(0).bytes());
        assertThat(decoded.timestamp).isEqualTo(Fixtures.T0.toEpochMilli());
        Map<String, Metric> m = decoded.metrics;
        assertThat(m.get("0.temperature")).isEqualTo(new Metric(0, 20.0));
        assertThat(m.get("0:id")).isEqualTo(new Metric(5, t.id()));
        assertThat(m.get("0:ts")).isEqualTo(new Metric(2, Fixtures.T0.toEpochMilli()));
        assertThat(m.get("0:clock")).isEqualTo(new Metric(5, "sync"));
        assertThat(m.get("0:unit")).isEqualTo(new Metric(5, "Cel"));
        assertThat(m.get("1.door")).isEqualTo(new Metric(4, false));
        assertThat(m.get("1:clock")).isEqualTo(new Metric(5, "est"));
        assertThat(m).doesNotContainKey("1:unit");
        // a channel called "id" does not collide with the id metric
        assertThat(m.get("2.id")).isEqualTo(new Metric(5, "v1.2"));
        assertThat(m.get("2:id")).isEqualTo(new Metric(5, fw.id()));
        assertThat(m.get("2:ts")).isEqualTo(new Metric(2, Fixtures.T0.toEpochMilli() + 9));
    }

    @Test
    void everyPayloadNamesTheExactSensorSoIdsSharingATopicStayApart() throws IOException {
        MessagePlanner planner = new MessagePlanner(new Topics("cityhub", "gw-1"), new KuraPayloadEncoder(), 600);
        List<Reading> batch = new ArrayList<>(Fixtures.temperatures("a/b", 12));
        batch.addAll(Fixtures.temperatures("a_b", 12));

        List<MessagePlanner.OutboundMessage> messages = planner.plan(batch).messages();

        assertThat(messages)
                .extracting(MessagePlanner.OutboundMessage::topic)
                .containsOnly("cityhub/gw-1/telemetry/a_b");
        assertThat(messages.size()).as("split at the size bound").isGreaterThan(2);
        List<Object> named = new ArrayList<>();
        for (MessagePlanner.OutboundMessage message : messages) {
            assertThat(message.payload().length).isLessThanOrEqualTo(600);
            String sensor = message.readings().get(0).sensorId();
            assertThat(decode(message.payload()).metrics.get("sensor")).isEqualTo(new Metric(5, sensor));
            named.add(sensor);
        }
        assertThat(named.stream().distinct()).containsExactly("a/b", "a_b");
    }

    @Test
    void gapRecordsCarryTheirIntervalAndReason() throws IOException {
        Reading gap = new io.cityhub.api.buffer.GapRecord("s-9", java.time.Instant.parse("2026-11-27T07:00:00Z"),
                java.time.Instant.parse("2026-11-27T07:10:00Z"), 42, "expired")
                .toReading(Fixtures.T0, ClockQuality.SYNCHRONISED);

        Map<String, Metric> m = decode(new KuraPayloadEncoder()
                        .encode("s-9", List.of(gap), 4096)
                        .get(0)
                        .bytes())
                .metrics;

        assertThat(m.get("0.cityhub.gap")).isEqualTo(new Metric(0, 42.0));
        assertThat(m.get("0:gap.from")).isEqualTo(new Metric(5, "2026-11-27T07:00:00Z"));
        assertThat(m.get("0:gap.to")).isEqualTo(new Metric(5, "2026-11-27T07:10:00Z"));
        assertThat(m.get("0:gap.reason")).isEqualTo(new Metric(5, "expired"));
    }

    @Test
    void splitsAtTheSizeBoundRestartingTheIndexAndTimestamp() throws IOException {
        List<Reading> readings = Fixtures.temperatures("s-2", 60);

        List<EncodedPayload> payloads = new KuraPayloadEncoder().encode("s-2", readings, 1200);

        assertThat(payloads.size()).isGreaterThan(3);
        int seen = 0;
        for (EncodedPayload p : payloads) {
            assertThat(p.bytes().length).isLessThanOrEqualTo(1200);
            Decoded d = decode(p.bytes());
            assertThat(d.timestamp).isEqualTo(readings.get(seen).timestamp().toEpochMilli());
            assertThat(d.metrics.get("0:id").value).isEqualTo(readings.get(seen).id());
            assertThat(d.metrics.get((p.readings() - 1) + ":id").value)
                    .isEqualTo(readings.get(seen + p.readings() - 1).id());
            seen += p.readings();
        }
        assertThat(seen).isEqualTo(60);
    }

    public record Metric(int type, Object value) {
    }

    public static final class Decoded {
        public long timestamp = -1;
        public final Map<String, Metric> metrics = new LinkedHashMap<>();
    }

    /** KuraPayload: timestamp=1 (int64), metric=5000 (KuraMetric), body=5001. */
    public static Decoded decode(byte[] bytes) throws IOException {
        Decoded d = new Decoded();
        for (Field f : fields(bytes)) {
            if (f.number == 1 && f.wireType == 0) {
                d.timestamp = f.varint;
            } else if (f.number == 5000 && f.wireType == 2) {
                String name = null;
                Integer type = null;
                Object value = null;
                for (Field m : fields(f.bytes)) {
                    switch (m.number) {
                        case 1 -> name = new String(m.bytes, StandardCharsets.UTF_8);
                        case 2 -> type = (int) m.varint;
                        case 3 -> value = ByteBuffer.wrap(m.bytes).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                        case 5 -> value = m.varint;
                        case 7 -> value = m.varint != 0;
                        case 8 -> value = new String(m.bytes, StandardCharsets.UTF_8);
                        default -> throw new IOException("unexpected KuraMetric field " + m.number);
                    }
                }
                if (name == null || type == null) {
                    throw new IOException("KuraMetric without its required name/type");
                }
                d.metrics.put(name, new Metric(type, value));
            } else {
                throw new IOException("unexpected KuraPayload field " + f.number);
            }
        }
        return d;
    }

    record Field(int number, int wireType, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<Field> fields = new ArrayList<>();
        while (in.available() > 0) {
            long key = varint(in);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> fields.add(new Field(number, 0, varint(in), null));
                case 1 -> fields.add(new Field(number, 1, 0, in.readNBytes(8)));
                case 2 -> {
                    int length = (int) varint(in);
                    byte[] value = in.readNBytes(length);
                    if (value.length != length) {
                        throw new IOException("truncated field " + number);
                    }
                    fields.add(new Field(number, 2, 0, value));
                }
                default -> throw new IOException("unsupported wire type " + wireType);
            }
        }
        return fields;
    }

    private static long varint(ByteArrayInputStream in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("truncated varint");
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("varint too long");
    }
}
