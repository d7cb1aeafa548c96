package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.profiles.senml.SenmlException;
import io.cityhub.profiles.senml.SenmlFormat;
import io.cityhub.profiles.senml.SenmlPackWriter;
import io.cityhub.profiles.senml.SenmlRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SenML encode on one thread: packs of {@code records} readings of one sensor, JSON (RFC 8428 §5) or CBOR (§6).
 * {@code writePack} is the shared writers of {@code io.cityhub.profiles.senml} alone ({@link SenmlPackWriter}: add
 * every record, then finish), on records made beforehand as the forwarder makes them ({@link ReadingRecords}:
 * {@code bn} on the first, {@code n}, {@code u}, {@code v}, {@code t}, {@code rid}, {@code clk}); {@code encode} is
 * the forwarder's whole step from readings to payloads ({@link SenmlEncoder}: records, writer, the 16 KiB message
 * bound of the shipped configuration). The secondary metric {@code readings} is records written per second. The setup
 * reads every pack back with {@link SenmlFormat#read} and checks the record count, so a broken writer fails the
 * benchmark instead of printing a figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SenmlPackBenchmark {

    private static final Instant BASE = Instant.parse("2026-11-27T10:00:00Z");
    /** {@code message.max.bytes} of the forwarder's metatype default. */
    private static final int MAX_BYTES = 16_384;
    private static final int PACKS = 8;

    @Param({"JSON", "CBOR"})
    public SenmlFormat format;

    /** Readings per pack: one live reading, a device's frame, a drain batch of one sensor. */
    @Param({"1", "10", "100"})
    public int records;

    private final List<List<Reading>> readings = new ArrayList<>();
    private final List<List<SenmlRecord>> packs = new ArrayList<>();
    private SenmlPackWriter writer;
    private SenmlEncoder encoder;
    private int next;

    /** Records written, reported by JMH per second beside the packs. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {
        public long readings;

        @Setup(Level.Iteration)
        public void reset() {
            readings = 0;
        }
    }

    @Setup
    public void setUp() throws SenmlException {
        for (int p = 0; p < PACKS; p++) {
            String sensor = String.format("0004a30b00%06x", p);
            List<Reading> list = new ArrayList<>(records);
            List<SenmlRecord> recs = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                int seq = p * records + i;
                Reading r = Reading.of(sensor, "temperature", ReadingValue.of(15 + (seq % 100) / 10.0), "Cel",
                        BASE.plusMillis(seq * 1000L + seq % 7), ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
                list.add(r);
                recs.add(ReadingRecords.of(r, i == 0 ? ReadingRecords.baseName(sensor) : null));
            }
            readings.add(list);
            packs.add(recs);
        }
        writer = format.newPackWriter();
        encoder = new SenmlEncoder(format);
        int bytes = 0;
        for (int p = 0; p < PACKS; p++) {
            byte[] pack = write(packs.get(p));
            List<PayloadEncoder.EncodedPayload> payloads = encoder.encode(readings.get(p).get(0).sensorId(),
                    readings.get(p), MAX_BYTES);
            if (format.read(pack).size() != records || payloads.size() != 1
                    || format.read(payloads.get(0).bytes()).size() != records) {
                throw new IllegalStateException(format + " pack " + p + " does not read back as " + records
                        + " records in one payload");
            }
            bytes += pack.length;
        }
        System.err.printf("%s, %d records per pack: %.1f bytes per pack, %.1f per record%n", format, records,
                bytes / (double) PACKS, bytes / (double) PACKS / records);
    }

    @Benchmark
    public byte[] writePack(Written written) {
        List<SenmlRecord> pack = packs.get(next);
        next = (next + 1) % PACKS;
        written.readings += pack.size();
        return write(pack);
    }

    @Benchmark
    public List<PayloadEncoder.EncodedPayload> encode(Written written) {
        List<Reading> list = readings.get(next);
        next = (next + 1) % PACKS;
        written.readings += list.size();
        return encoder.encode(list.get(0).sensorId(), list, MAX_BYTES);
    }

    private byte[] write(List<SenmlRecord> pack) {
        for (SenmlRecord r : pack) {
            writer.add(r);
        }
        return writer.finish();
    }
}
