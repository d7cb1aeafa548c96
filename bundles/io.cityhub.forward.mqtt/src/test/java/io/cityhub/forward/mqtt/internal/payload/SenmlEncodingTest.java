package io.cityhub.forward.mqtt.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.GapRecord;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.JacksonTrees;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder.EncodedPayload;
import io.cityhub.profiles.senml.SenmlFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readings as SenML packs: the fields the uplink writes and the split at the size bound. The byte layouts themselves
 * (RFC 8428's examples, shortest CBOR floats) are pinned where the writers live, {@code io.cityhub.profiles.senml}.
 */
class SenmlEncodingTest {

    @Test
    void jsonTelemetryCarriesIdClockQualityAndAbsoluteTime() throws Exception {
        Reading a = Fixtures.temperature("s-1", 0);
        Reading b = Reading.of("s-1", "door", ReadingValue.of(true), "", Fixtures.T0.plusSeconds(1),
                ClockQuality.ESTIMATED, SourceMetadata.of("gpio"));
        Reading c = Reading.of("s-1", "fw", ReadingValue.of("1.2\"x"), "", Fixtures.T0.plusSeconds(2),
                ClockQuality.UNSYNCHRONISED, SourceMetadata.of("coap"));

        List<EncodedPayload> payloads = new SenmlEncoder(SenmlFormat.JSON).encode("s-1", List.of(a, b, c), 16384);

        assertThat(payloads).hasSize(1);
        List<Map<String, Object>> records = JacksonTrees.records(JacksonTrees.json(payloads.get(0).bytes()));
        assertThat(records).hasSize(3);
        assertThat(records.get(0)).containsExactly(entry("bn", "s-1/"), entry("n", "temperature"), entry("u", "Cel"),
                entry("v", 20.0), entry("t", 1.795766400125E9), entry("rid", a.id()), entry("clk", "sync"));
        assertThat(records.get(1)).doesNotContainKey("bn").contains(entry("vb", true), entry("clk", "est"),
                entry("rid", b.id()));
        assertThat(records.get(2)).contains(entry("vs", "1.2\"x"), entry("clk", "unsync"));
    }

    @Test
    void jsonRecordsKeepTheirBytes() {
        // the bytes the hand-written writer made before the move to the shared Jackson writer, field for field
        Reading a = Fixtures.temperature("s-1", 0);
        Reading c = Reading.of("s-1", "fw", ReadingValue.of("tab\t\u0001\"é"), "", Fixtures.T0.plusMillis(1500),
                ClockQuality.UNSYNCHRONISED, SourceMetadata.of("coap"));

        byte[] pack = new SenmlEncoder(SenmlFormat.JSON).encode("s-1", List.of(a, c), 16384).get(0).bytes();

        assertThat(new String(pack, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[{\"bn\":\"s-1/\","
                + "\"n\":\"temperature\",\"u\":\"Cel\",\"v\":20.0,\"t\":1.795766400125E9,\"rid\":\"" + a.id()
                + "\",\"clk\":\"sync\"},{\"n\":\"fw\",\"vs\":\"tab\\t\\u0001\\\"é\",\"t\":1.795766401625E9,"
                + "\"rid\":\"" + c.id() + "\",\"clk\":\"unsync\"}]");
    }

    @Test
    void replayPackSetsTheBaseNameWhenTheSensorChanges() throws Exception {
        List<Reading> readings = List.of(Fixtures.temperature("s-1", 0), Fixtures.temperature("s-1", 1),
                Fixtures.temperature("s-2", 2), Fixtures.temperature("s-1", 3));

        byte[] response = io.cityhub.profiles.senml.JsonValues.write(Map.of("senml",
                ReadingRecords.mixedPack(readings)));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = JacksonTrees.records(
                ((Map<String, Object>) JacksonTrees.json(response)).get("senml"));
        assertThat(records).extracting(r -> r.get("bn")).containsExactly("s-1/", null, "s-2/", "s-1/");
        assertThat(records).extracting(r -> r.get("rid")).containsExactlyElementsOf(
                readings.stream().map(Reading::id).toList());
    }

    @Test
    void gapRecordsCarryTheirIntervalAndReason() throws Exception {
        Reading gap = new GapRecord("s-9", Instant.parse("2026-11-27T07:00:00Z"), Instant.parse("2026-11-27T07:10:00Z"),
                42, "full").toReading(Fixtures.T0, ClockQuality.SYNCHRONISED);

        byte[] json = new SenmlEncoder(SenmlFormat.JSON).encode("s-9", List.of(gap), 1024).get(0).bytes();

        assertThat(JacksonTrees.records(JacksonTrees.json(json)).get(0)).contains(entry("n", GapRecord.CHANNEL),
                entry("v", 42.0), entry("from", "2026-11-27T07:00:00Z"), entry("to", "2026-11-27T07:10:00Z"),
                entry("reason", "full"), entry("rid", gap.id()));
    }

    @Test
    void cborTelemetryUsesIntegerLabelsAndTextExtensionLabels() throws Exception {
        Reading a = Fixtures.temperature("s-1", 3);

        byte[] cbor = new SenmlEncoder(SenmlFormat.CBOR).encode("s-1", List.of(a), 1024).get(0).bytes();

        // Jackson's CBOR parser reports integer keys as their decimal text
        List<Map<String, Object>> records = JacksonTrees.records(JacksonTrees.cbor(cbor));
        assertThat(records.get(0)).containsExactly(entry("-2", "s-1/"), entry("0", "temperature"), entry("1", "Cel"),
                entry("2", 20.375), entry("6", 1.795766400128E9), entry("rid", a.id()), entry("clk", "sync"));
    }

    @Test
    void splitsAtTheSizeBoundAndKeepsEveryReadingInOrder() throws Exception {
        List<Reading> readings = Fixtures.temperatures("s-2", 100);
        PayloadEncoder json = new SenmlEncoder(SenmlFormat.JSON);
        for (PayloadEncoder encoder : List.of(json, new SenmlEncoder(SenmlFormat.CBOR))) {
            List<EncodedPayload> payloads = encoder.encode("s-2", readings, 1000);

            assertThat(payloads.size()).isGreaterThan(5);
            assertThat(payloads).allSatisfy(p -> assertThat(p.bytes().length).isLessThanOrEqualTo(1000));
            assertThat(payloads.stream().mapToInt(EncodedPayload::readings).sum()).isEqualTo(100);
            List<Object> ids = new java.util.ArrayList<>();
            for (EncodedPayload p : payloads) {
                List<Map<String, Object>> records = JacksonTrees.records(encoder == json
                        ? JacksonTrees.json(p.bytes()) : JacksonTrees.cbor(p.bytes()));
                assertThat(records.get(0)).containsKey(encoder == json ? "bn" : "-2");
                assertThat(records).hasSize(p.readings());
                records.forEach(r -> ids.add(r.get("rid")));
            }
            assertThat(ids).containsExactlyElementsOf(readings.stream().map(Reading::id).toList());
        }
    }

    @Test
    void aReadingLargerThanTheBoundTravelsAlone() {
        Reading big = Reading.of("s-3", "log", ReadingValue.of("x".repeat(2000)), "", Fixtures.T0,
                ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
        List<EncodedPayload> payloads = new SenmlEncoder(SenmlFormat.JSON)
                .encode("s-3", List.of(Fixtures.temperature("s-3", 0), big, Fixtures.temperature("s-3", 1)), 500);
        assertThat(payloads).extracting(EncodedPayload::readings).containsExactly(1, 1, 1);
    }

    @Test
    void anEncoderReusedForManyMessagesWritesWhatAFreshOneWrites() {
        for (SenmlFormat format : SenmlFormat.values()) {
            PayloadEncoder reused = new SenmlEncoder(format);
            for (int n = 1; n <= 40; n += 3) {
                String sensor = "s-" + n;
                List<Reading> readings = Fixtures.temperatures(sensor, n);
                int bound = n % 2 == 0 ? 300 : 16384; // every second message splits
                List<EncodedPayload> again = reused.encode(sensor, readings, bound);
                List<EncodedPayload> fresh = new SenmlEncoder(format).encode(sensor, readings, bound);
                assertThat(again).as("%s, %d readings", format, n).hasSameSizeAs(fresh);
                for (int i = 0; i < fresh.size(); i++) {
                    assertThat(again.get(i).bytes()).isEqualTo(fresh.get(i).bytes());
                    assertThat(again.get(i).readings()).isEqualTo(fresh.get(i).readings());
                }
            }
        }
    }
}
