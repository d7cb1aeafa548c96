package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The outbox's encoding of readings alone, no file: readings per second through {@link ReadingCodec} (what
 * {@code append} does on the caller's thread for every reading before the writer commits it) and back, and through
 * {@link ChunkCodec} for a chunk of {@value #CHUNK} encoded readings (the record the writer stores per class and
 * commit; decoding one is what {@code take} does). The readings are {@link OutboxBenchmark}'s typical LoRa telemetry
 * readings (133 bytes encoded on average). The setup checks that every reading and the chunk round-trip exactly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ReadingCodecBenchmark {

    private static final int READINGS = 1 << 12;
    private static final int CHUNK = 100;

    private final ReadingCodec codec = new ReadingCodec();
    private final ChunkCodec chunks = new ChunkCodec();
    private Reading[] readings;
    private byte[][] encoded;
    private List<EncodedReading> chunkReadings;
    private byte[] chunk;
    private int next;

    @Setup
    public void setUp() throws CorruptRecordException {
        readings = new Reading[READINGS];
        encoded = new byte[READINGS][];
        for (int i = 0; i < READINGS; i++) {
            readings[i] = OutboxBenchmark.reading(i);
            encoded[i] = codec.encode(readings[i]);
            if (!codec.decode(encoded[i]).equals(readings[i])) {
                throw new IllegalStateException("reading " + i + " does not round-trip: " + readings[i]);
            }
        }
        chunkReadings = new ArrayList<>(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            chunkReadings.add(new EncodedReading(readings[i], encoded[i]));
        }
        chunk = chunks.encode(Priority.TELEMETRY, 1_790_000_000_000L, chunkReadings);
        if (!chunks.decode(chunk).equals(List.of(readings).subList(0, CHUNK))) {
            throw new IllegalStateException("the chunk does not round-trip");
        }
    }

    @Benchmark
    public byte[] encode() {
        Reading r = readings[next];
        next = (next + 1) & (READINGS - 1);
        return codec.encode(r);
    }

    @Benchmark
    public Reading decode() throws CorruptRecordException {
        byte[] b = encoded[next];
        next = (next + 1) & (READINGS - 1);
        return codec.decode(b);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public byte[] chunkEncode() {
        return chunks.encode(Priority.TELEMETRY, 1_790_000_000_000L, chunkReadings);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public List<Reading> chunkDecode() throws CorruptRecordException {
        return chunks.decode(chunk);
    }
}
