package io.cityhub.forward.mqtt.internal.payload;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The forwarder's SenML encoders as it ships them ({@code PayloadEncoder.of(SENML_JSON)} and {@code SENML_CBOR}),
 * in readings per CPU-second of the encoding thread (thread CPU time, so other work on the machine does not count),
 * plus Jackson's CBOR generator writing the same records, for the size and speed of the alternative to the
 * shortest-float CBOR writer. The readings are the uplink benchmark's (one {@code temperature} reading per record
 * with {@code rid} and {@code clk}); each call encodes 100 readings of one sensor into one pack, as a drain does.
 * The harness uses only types that exist before and after SenML moved into {@code io.cityhub.profiles.senml}, so
 * the same class files run against either forwarder jar; it prints a SHA-256 of the packs so two runs can show
 * they wrote the same bytes. Arguments: packs per round (default 20,000), rounds (default 10 per writer, the first
 * two warm-up).
 */
public final class SenmlWriterCpuTime {

    private static final Instant BASE = Instant.parse("2026-11-27T10:00:00Z");
    private static final int PER_PACK = 100;

    private SenmlWriterCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int packs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<List<Reading>> inputs = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            List<Reading> list = new ArrayList<>(PER_PACK);
            for (int i = 0; i < PER_PACK; i++) {
                int seq = s * PER_PACK + i;
                list.add(Reading.of("sensor-" + s, "temperature", ReadingValue.of(15 + (seq % 100) / 10.0), "Cel",
                        BASE.plusMillis(seq), ClockQuality.SYNCHRONISED, SourceMetadata.of("coap")));
            }
            inputs.add(list);
        }
        PayloadEncoder json = PayloadEncoder.of(PayloadFormat.SENML_JSON);
        PayloadEncoder cbor = PayloadEncoder.of(PayloadFormat.SENML_CBOR);
        JacksonCbor jacksonCbor = new JacksonCbor();
        String[] names = {"json", "cbor", "jackson-cbor"};
        Writer jsonWriter = input -> json.encode(input.get(0).sensorId(), input, 16_384).get(0).bytes();
        Writer cborWriter = input -> cbor.encode(input.get(0).sensorId(), input, 16_384).get(0).bytes();
        Writer[] writers = {jsonWriter, cborWriter, jacksonCbor::encode};
        for (int w = 0; w < writers.length; w++) {
            MessageDigest digest = sha256();
            for (List<Reading> input : inputs) {
                digest.update(writers[w].encode(input));
            }
            System.out.printf(Locale.ROOT, "%-12s pack of %d readings: %d bytes; sha-256 of the 10 packs %s%n",
                    names[w], PER_PACK, writers[w].encode(inputs.get(0)).length,
                    HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < writers.length * rounds; round++) {
            int w = round % writers.length;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int p = 0; p < packs; p++) {
                sink += writers[w].encode(inputs.get(p % inputs.size())).length;
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "%-12s %s round %d: %,.0f readings per CPU-second (%.0f%% of a core)%n",
                    names[w], round < 2 * writers.length ? "warm-up " : "measured", round / writers.length,
                    (double) packs * PER_PACK / cpu, 100 * cpu / wall);
        }
        if (sink == 0) {
            throw new IllegalStateException("nothing written");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One pack of one sensor's readings. */
    interface Writer {
        byte[] encode(List<Reading> readings);
    }

    /**
     * The same records written with Jackson's CBOR generator: integer labels of RFC 8428 table 4, text labels for
     * the extensions, every number a double (Jackson writes no half-precision floats).
     */
    static final class JacksonCbor {

        private final CBORFactory factory = CBORFactory.builder().build();

        byte[] encode(List<Reading> readings) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(readings.size() * 80);
            try (CBORGenerator cbor = factory.createGenerator(out)) {
                cbor.writeStartArray(readings, readings.size());
                String baseName = ReadingRecords.baseName(readings.get(0).sensorId());
                for (Reading reading : readings) {
                    cbor.writeStartObject(null, baseName != null ? 7 : 6);
                    if (baseName != null) {
                        cbor.writeFieldId(-2);
                        cbor.writeString(baseName);
                        baseName = null;
                    }
                    cbor.writeFieldId(0);
                    cbor.writeString(reading.channel());
                    cbor.writeFieldId(1);
                    cbor.writeString(reading.unit());
                    cbor.writeFieldId(2);
                    cbor.writeNumber(((ReadingValue.NumberValue) reading.value()).value());
                    cbor.writeFieldId(6);
                    cbor.writeNumber(ReadingRecords.seconds(reading.timestamp()));
                    cbor.writeFieldName("rid");
                    cbor.writeString(reading.id());
                    cbor.writeFieldName("clk");
                    cbor.writeString(ReadingRecords.clockCode(reading.clockQuality()));
                    cbor.writeEndObject();
                }
                cbor.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
