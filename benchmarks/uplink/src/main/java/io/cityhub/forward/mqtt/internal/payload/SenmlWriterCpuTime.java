package io.cityhub.forward.mqtt.internal.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The forwarder's hand-written SenML JSON writer ({@link SenmlJsonEncoder}) against the same packs written with
 * Jackson's streaming {@link JsonGenerator}, side by side in one run, in readings per CPU-second of the encoding
 * thread (thread CPU time, so other work on the machine does not count). The readings are the uplink benchmark's
 * (one {@code temperature} reading per record with {@code rid} and {@code clk}); each call encodes 100 readings of
 * one sensor into one pack, as a drain does. Before measuring, the two writers' bytes are compared and must be
 * equal. Arguments: packs per round (default 20,000), rounds (default 10: alternately hand-written and Jackson,
 * the first two of each are warm-up).
 */
public final class SenmlWriterCpuTime {

    private static final Instant BASE = Instant.parse("2026-11-27T10:00:00Z");
    private static final int PER_PACK = 100;

    private SenmlWriterCpuTime() {
    }

    public static void main(String[] args) {
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
        SenmlJsonEncoder hand = new SenmlJsonEncoder();
        JacksonSenml jackson = new JacksonSenml();
        for (List<Reading> input : inputs) {
            String id = input.get(0).sensorId();
            byte[] a = hand.encode(id, input, 1 << 20).get(0).bytes();
            byte[] b = jackson.encode(id, input);
            if (!Arrays.equals(a, b)) {
                throw new IllegalStateException("writers differ:\n" + new String(a) + "\n" + new String(b));
            }
        }
        System.out.printf(Locale.ROOT, "pack of %d readings: %d bytes; bytes equal%n", PER_PACK,
                hand.encode("sensor-0", inputs.get(0), 1 << 20).get(0).bytes().length);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 2 * rounds; round++) {
            boolean useJackson = round % 2 == 1;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int p = 0; p < packs; p++) {
                List<Reading> input = inputs.get(p % inputs.size());
                String id = input.get(0).sensorId();
                sink += useJackson ? jackson.encode(id, input).length
                        : hand.encode(id, input, 16_384).get(0).bytes().length;
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "%-12s %s round %d: %,.0f readings per CPU-second (%.0f%% of a core)%n",
                    useJackson ? "jackson" : "hand-written", round < 4 ? "warm-up " : "measured", round / 2,
                    (double) packs * PER_PACK / cpu, 100 * cpu / wall);
        }
        if (sink == 0) {
            throw new IllegalStateException("nothing written");
        }
    }

    /** The same records as {@link ReadingRecords#of}, written with a Jackson generator per pack. */
    static final class JacksonSenml {

        private final JsonFactory factory = JsonFactory.builder().build();

        byte[] encode(String sensorId, List<Reading> readings) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(readings.size() * 120);
            try (JsonGenerator json = factory.createGenerator(out)) {
                json.writeStartArray();
                String baseName = ReadingRecords.baseName(sensorId);
                for (Reading reading : readings) {
                    json.writeStartObject();
                    if (baseName != null) {
                        json.writeStringField("bn", baseName);
                        baseName = null;
                    }
                    json.writeStringField("n", reading.channel());
                    if (!reading.unit().isEmpty()) {
                        json.writeStringField("u", reading.unit());
                    }
                    ReadingValue value = reading.value();
                    if (value instanceof ReadingValue.NumberValue number) {
                        json.writeNumberField("v", number.value());
                    } else if (value instanceof ReadingValue.BooleanValue flag) {
                        json.writeBooleanField("vb", flag.value());
                    } else {
                        json.writeStringField("vs", ((ReadingValue.TextValue) value).value());
                    }
                    json.writeNumberField("t", ReadingRecords.seconds(reading.timestamp()));
                    json.writeStringField("rid", reading.id());
                    json.writeStringField("clk", ReadingRecords.clockCode(reading.clockQuality()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
