package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private final ChunkCodec codec = new ChunkCodec();

    private byte[] chunkOf(List<Reading> readings, long stamp) {
        return codec.encode(readings.get(0).priority(), stamp,
                readings.stream().map(r -> new EncodedReading(r, codec.readingCodec().encode(r))).toList());
    }

    @Test
    void rejectsTruncatedAndGarbageChunks() {
        byte[] chunk = chunkOf(TestReadings.readings("s", 0, 5, Priority.TELEMETRY), 1);
        for (int len = 0; len < chunk.length; len += 3) {
            byte[] cut = Arrays.copyOf(chunk, len);
            assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(CorruptRecordException.class);
        }
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] damaged = chunk.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            // the checksum catches every single-byte change, even one that would still decode
            assertThatThrownBy(() -> codec.decode(damaged)).isInstanceOf(CorruptRecordException.class);
            assertThatThrownBy(() -> codec.header(damaged)).isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void rejectsReadingOfAnotherClassInsideChunk() {
        Reading safety = TestReadings.reading("s", 1, Priority.SAFETY);
        byte[] chunk = codec.encode(Priority.TELEMETRY, 1,
                List.of(new EncodedReading(safety, codec.readingCodec().encode(safety))));
        assertThatThrownBy(() -> codec.decode(chunk)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void headerDescribesChunkAndSalvageScanFindsItsEnd() throws Exception {
        List<Reading> readings = TestReadings.readings("s", 10, 3, Priority.SAFETY);
        byte[] chunk = chunkOf(readings, 1234);
        ChunkCodec.Header h = codec.header(chunk);
        assertThat(h).isEqualTo(new ChunkCodec.Header(Priority.SAFETY, 1234,
                TestReadings.T0.getEpochSecond() + 10, TestReadings.T0.getEpochSecond() + 12, 3));
        assertThat(codec.decode(chunk)).isEqualTo(readings);
        assertThat(ChunkCodec.chunkLengthAt(chunk, 0, chunk.length)).isEqualTo(chunk.length);
        byte[] embedded = new byte[chunk.length + 20];
        System.arraycopy(chunk, 0, embedded, 7, chunk.length);
        assertThat(ChunkCodec.chunkLengthAt(embedded, 7, embedded.length)).isEqualTo(chunk.length);
        assertThat(ChunkCodec.chunkLengthAt(embedded, 8, embedded.length)).isEqualTo(-1);
    }

    @Test
    void subsetKeepsOnlyChosenPositions() throws Exception {
        List<Reading> readings = TestReadings.readings("s", 0, 4, Priority.TELEMETRY);
        BitSet keep = new BitSet();
        keep.set(1);
        keep.set(3);
        assertThat(codec.decode(codec.subset(chunkOf(readings, 1), keep, 2)))
                .containsExactly(readings.get(1), readings.get(3));
        assertThat(codec.subset(chunkOf(readings, 1), new BitSet(), 2)).isNull();
    }
}
