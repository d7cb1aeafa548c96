package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadingCodecTest {

    private final ReadingCodec codec = new ReadingCodec();

    @Test
    void rejectsUnknownFormatByte() {
        byte[] bytes = codec.encode(TestReadings.reading("s1", 1, Priority.SAFETY));
        bytes[0] = 2;
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] bytes = codec.encode(TestReadings.reading("s1", 1, Priority.TELEMETRY));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(CorruptRecordException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void garbageNeverEscapesAsAnythingButCorruptRecord() {
        Random random = new Random(42);
        byte[] valid = codec.encode(TestReadings.reading("sensor-7", 3, Priority.DIAGNOSTIC));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(80)];
                random.nextBytes(bytes);
                if (bytes.length > 0) {
                    bytes[0] = 1; // get past the format check
                }
            } else {
                bytes = valid.clone();
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                assertThat(codec.decode(bytes)).isNotNull();
            } catch (CorruptRecordException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void roundTripsEveryFieldExactly() throws Exception {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("gateway", "b827ebfffe000001");
        attrs.put("frequency", "868.1");
        attrs.put("ünïcødé", "ö\u0000x");
        List<Reading> samples = List.of(
                TestReadings.reading("s1", 1, Priority.SAFETY),
                new Reading("not-a-hex-id", "0004A30B001C2D3E", "no2", ReadingValue.of(-0.0), "ug/m3",
                        Instant.ofEpochSecond(-12_345, 999_999_999), ClockQuality.UNSYNCHRONISED, Priority.DIAGNOSTIC,
                        new SourceMetadata("lora", -120.25, null, attrs)),
                new Reading("0123456789ABCDEF0123456789abcdef", "pump", "running", ReadingValue.of(true), "",
                        Instant.ofEpochSecond(1_790_000_000L, 1), ClockQuality.ESTIMATED, Priority.TELEMETRY,
                        new SourceMetadata("gpio", null, -3.5, Map.of())),
                new Reading("0123456789abcdef0123456789abcdef", "door", "open", ReadingValue.of(false), "",
                        Instant.EPOCH, ClockQuality.SYNCHRONISED, Priority.SAFETY, SourceMetadata.of("gpio")),
                new Reading("x", "plc", "firmware", ReadingValue.of("v1.2.3 \u2603"), "", Instant.MAX,
                        ClockQuality.SYNCHRONISED, Priority.TELEMETRY, SourceMetadata.of("")),
                new Reading("y", "m", "v", ReadingValue.of(Double.MAX_VALUE), "", Instant.MIN,
                        ClockQuality.SYNCHRONISED, Priority.TELEMETRY, SourceMetadata.of("coap")));
        for (Reading r : samples) {
            Reading back = codec.decode(codec.encode(r));
            assertThat(back).isEqualTo(r);
            assertThat(back.value()).isEqualTo(r.value());
        }
        Reading negativeZero = codec.decode(codec.encode(samples.get(1)));
        assertThat(Double.doubleToRawLongBits(((ReadingValue.NumberValue) negativeZero.value()).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void storesHexIdsInSixteenBytes() {
        Reading r = TestReadings.reading("s1", 1, Priority.TELEMETRY);
        Reading text = new Reading("Z" + r.id().substring(1), r.sensorId(), r.channel(), r.value(), r.unit(),
                r.timestamp(), r.clockQuality(), r.priority(), r.source());
        assertThat(codec.encode(text).length - codec.encode(r).length).isEqualTo(17);
    }
}
