package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's redo journal: what makes a commit durable. Each group commit appends <em>one</em> record holding
 * every store change of that commit (new chunks, deletions, delivery marks) and forces it with one
 * {@code fdatasync}; only then are the appenders told their readings are durable. The MapDB file is brought up to
 * date from memory by a <em>checkpoint</em> ({@link ChunkStore#checkpoint()}), a MapDB commit through its own
 * write-ahead log, about once a second; the journal then starts over.
 *
 * <p>Why: a MapDB 3.1 commit with {@code transactionEnable()} creates its WAL file, writes it in about 60 small
 * writes, fsyncs it, writes the store file, fsyncs that, truncates and deletes the WAL (measured with strace: 2
 * fsync, 6 ftruncate, 1 create, 1 unlink per commit); on this machine's disk that is several times the cost of
 * one forced append (bundle README, "Where the time goes").
 *
 * <p>Record: format byte {@code 0x4A}, generation (8), payload length (4), payload, CRC-32C of all before it (4).
 * The payload is a list of operations: {@code PUT seq length bytes}, {@code DELETE seq}, {@code MARK seq millis},
 * {@code UNMARK seq}, and {@code DELETE_CHUNK seq fingerprint}, {@code MARK_CHUNK seq millis fingerprint}, which also
 * name the deleted or delivered chunk by its {@link ChunkCodec.Fingerprint} (stamp 8, length 4, CRC 4), so that a
 * salvage of a store MapDB cannot open can tell which of the chunks it finds in the raw file were deleted or delivered
 * since the last checkpoint ({@link #replayAside}). Replaying them is idempotent: they set or remove single keys, so
 * applying a prefix of the journal twice, or onto a store that already holds them, yields the same store.
 *
 * <p>The generation is the checkpoint's number, stored in the MapDB file by the same MapDB commit; a record of
 * another generation is one the store already holds (the file is reused from the start after each checkpoint). At
 * open, records are replayed from the start while format, generation, length and CRC are right; the first one
 * that is not (a record torn by a crash or power cut, an older generation, the end of the file)
 * ends the journal there, and the next record overwrites it. A torn record was never acknowledged: its force had
 * not returned. A torn record is always the last one of its generation; an intact record of the current generation
 * <em>behind</em> a bad one therefore means the file was damaged (a flash sector gone bad, a tool that wrote into it),
 * not torn: the replay skips the damaged bytes, carries on with the intact records behind them (what they
 * acknowledged is still readable and must not be dropped with the damage), and reports the damage
 * ({@link #damagedAt()}) so the caller keeps the file for analysis.
 *
 * <p>The file is not preallocated: on this machine's ext4 (Firecracker VM) a forced 170-byte write into a file
 * preallocated with zeros was accounted as the whole file written ({@code /proc/self/io}: 2 MiB per force for a
 * 2 MiB file, 4.2 KiB for a growing file) with no gain in time, which flash could not afford. {@link #restart}
 * truncates it instead, so each generation grows from empty. Used by the writer thread only.
 */
final class ChunkJournal implements AutoCloseable {

    static final String FILE_NAME = ChunkStore.FILE_NAME + ".journal";
    static final byte FORMAT = 0x4A;
    /** A checkpoint is due once the journal is this long. */
    static final int CHECKPOINT_BYTES = 2 << 20;
    private static final int HEADER = 1 + 8 + 4;
    /** The record buffer is kept for the next record up to this size (a commit's records are far smaller). */
    private static final int MAX_KEPT_RECORD_BUFFER = 1 << 20;
    private static final int CRC_BYTES = 4;
    private static final int MAX_PAYLOAD = 512 << 20;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte MARK = 3;
    private static final byte UNMARK = 4;
    private static final byte DELETE_CHUNK = 5;
    private static final byte MARK_CHUNK = 6;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkJournal.class);

    /** Where replayed operations go. */
    interface Target {
        void put(long seq, byte[] chunk);

        void delete(long seq);

        void mark(long seq, long atMillis);

        void unmark(long seq);

        /** A deletion that also names the deleted chunk; only a salvage needs the fingerprint. */
        default void deleteChunk(long seq, ChunkCodec.Fingerprint chunk) {
            delete(seq);
        }

        /** A delivery mark that also names the delivered chunk; only a salvage needs the fingerprint. */
        default void markChunk(long seq, long atMillis, ChunkCodec.Fingerprint chunk) {
            mark(seq, atMillis);
        }
    }

    /**
     * What a replay did.
     *
     * @param generation the generation replayed
     * @param records intact records replayed
     * @param damagedAt where damaged bytes followed by intact records start, or -1
     * @param skippedBytes damaged bytes skipped to reach the intact records behind them
     * @param end the position after the last record replayed
     */
    record Replay(long generation, int records, long damagedAt, long skippedBytes, long end) {
    }

    private final FileChannel channel;
    private long generation;
    private long position;
    /**
     * The record being assembled: {@link #HEADER} bytes left free for the header, then the operations since the last
     * sync; reused from one record to the next.
     */
    private final ByteWriter ops = emptyRecord();
    private final int replayedRecords;
    private final long damagedAt;
    private final long skippedBytes;

    private ChunkJournal(FileChannel channel, long generation, long position, int replayedRecords, long damagedAt,
            long skippedBytes) {
        this.channel = channel;
        this.generation = generation;
        this.position = position;
        this.replayedRecords = replayedRecords;
        this.damagedAt = damagedAt;
        this.skippedBytes = skippedBytes;
    }

    /**
     * Opens (or creates) the journal in {@code directory} and replays its records of {@code generation} into
     * {@code target}.
     *
     * @throws IOException if the file cannot be opened or read
     */
    static ChunkJournal open(Path directory, long generation, Target target) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Replay replay = replay(channel, generation, target);
            return new ChunkJournal(channel, generation, replay.end(), replay.records(), replay.damagedAt(),
                    replay.skippedBytes());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Replays the journal of a store that was moved aside because MapDB could not open it, read-only. The generation
     * the store held is unknown then; it is the one of the first intact record in the file: each generation writes
     * from the start of the file, so records of older generations can only follow the current one's (a truncation
     * lost in a crash), and if the current generation has no intact record, the older one found instead is one the
     * checkpoint already holds, which replays to the same state. Damage is handled as at {@link #open}: the damaged
     * bytes are skipped and the intact records of that generation behind them replayed.
     *
     * @param file the journal file
     * @param target receives the operations
     * @return what was replayed; no records and generation 0 if the file holds no intact record
     * @throws IOException if the file cannot be read
     */
    static Replay replayAside(Path file, Target target) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long first = nextIntactRecord(channel, 0, channel.size(), 0, true);
            if (first < 0) {
                return new Replay(0, 0, -1, 0, 0);
            }
            ByteBuffer generation = ByteBuffer.allocate(8);
            readFully(channel, generation, first + 1);
            return replay(channel, generation.getLong(0), target);
        }
    }

    private static Replay replay(FileChannel channel, long generation, Target target) throws IOException {
        long position = 0;
        int records = 0;
        long damagedAt = -1;
        long skipped = 0;
        long size = channel.size();
        while (true) {
            long next = replayOne(channel, position, size, generation, target);
            if (next < 0) {
                long intact = nextIntactRecord(channel, position + 1, size, generation, false);
                if (intact < 0) {
                    break;
                }
                damagedAt = damagedAt < 0 ? position : damagedAt;
                skipped += intact - position;
                position = intact;
                continue;
            }
            position = next;
            records++;
        }
        return new Replay(generation, records, damagedAt, skipped, position);
    }

    /** @return the position after the record at {@code at}, or -1 if there is no intact record of this generation */
    private static long replayOne(FileChannel channel, long at, long size, long generation, Target target)
            throws IOException {
        if (at + HEADER + CRC_BYTES > size) {
            return -1;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, at);
        header.flip();
        if (header.get() != FORMAT || header.getLong() != generation) {
            return -1;
        }
        int length = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD || at + HEADER + length + CRC_BYTES > size) {
            return -1;
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER + length + CRC_BYTES);
        readFully(channel, record, at);
        byte[] bytes = record.array();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + length);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, HEADER + length, CRC_BYTES).getInt()) {
            return -1;
        }
        apply(ByteBuffer.wrap(bytes, HEADER, length), target);
        return at + bytes.length;
    }

    /**
     * Looks for the next intact record of {@code generation} (of any generation if {@code anyGeneration}) at or
     * after {@code from}, without applying it: the format byte and generation must match, the length fit and the CRC
     * hold.
     *
     * @return its position, or -1 if there is none
     */
    private static long nextIntactRecord(FileChannel channel, long from, long size, long generation,
            boolean anyGeneration) throws IOException {
        // scanned in windows (a journal grows past 2 MiB only while checkpoints fail), each overlapping the next by a
        // header so that no header is cut in two; a candidate header is verified by reading its record
        int window = 1 << 20;
        for (long start = from; start + HEADER + CRC_BYTES <= size; start += window - HEADER) {
            ByteBuffer part = ByteBuffer.allocate((int) Math.min(window, size - start));
            readFully(channel, part, start);
            byte[] bytes = part.array();
            ByteBuffer view = ByteBuffer.wrap(bytes);
            for (int at = 0; at + HEADER <= bytes.length; at++) {
                if (bytes[at] == FORMAT && (anyGeneration || view.getLong(at + 1) == generation)
                        && intact(channel, start + at, size, view.getInt(at + 9))) {
                    return start + at;
                }
            }
            if (start + bytes.length >= size) {
                break;
            }
        }
        return -1;
    }

    private static boolean intact(FileChannel channel, long at, long size, int length) throws IOException {
        if (length < 0 || length > MAX_PAYLOAD || at + HEADER + length + CRC_BYTES > size) {
            return false;
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER + length + CRC_BYTES);
        readFully(channel, record, at);
        byte[] bytes = record.array();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + length);
        return (int) crc.getValue() == ByteBuffer.wrap(bytes, HEADER + length, CRC_BYTES).getInt();
    }

    private static void apply(ByteBuffer payload, Target target) {
        while (payload.hasRemaining()) {
            byte op = payload.get();
            long seq = payload.getLong();
            switch (op) {
                case PUT -> {
                    byte[] chunk = new byte[payload.getInt()];
                    payload.get(chunk);
                    target.put(seq, chunk);
                }
                case DELETE -> target.delete(seq);
                case MARK -> target.mark(seq, payload.getLong());
                case UNMARK -> target.unmark(seq);
                case DELETE_CHUNK -> target.deleteChunk(seq, fingerprint(payload));
                case MARK_CHUNK -> {
                    long atMillis = payload.getLong();
                    target.markChunk(seq, atMillis, fingerprint(payload));
                }
                // the CRC matched, so this is a record written by a newer format: refuse rather than guess
                default -> throw new IllegalStateException("unknown journal operation " + op);
            }
        }
    }

    private static ChunkCodec.Fingerprint fingerprint(ByteBuffer payload) {
        long stamp = payload.getLong();
        int length = payload.getInt();
        return new ChunkCodec.Fingerprint(stamp, length, payload.getInt());
    }

    private void writeFingerprint(ChunkCodec.Fingerprint chunk) {
        ops.writeLong(chunk.stampMillis());
        ops.writeInt(chunk.length());
        ops.writeInt(chunk.crc());
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long at) throws IOException {
        while (target.hasRemaining()) {
            if (channel.read(target, at + target.position()) < 0) {
                throw new IOException("journal ended early at " + (at + target.position()));
            }
        }
    }

    /** @return how many records the open replayed */
    int replayedRecords() {
        return replayedRecords;
    }

    /** @return where the open found damaged bytes followed by intact records, or -1 if it found none */
    long damagedAt() {
        return damagedAt;
    }

    /** @return how many damaged bytes the open skipped to reach the intact records behind them */
    long skippedBytes() {
        return skippedBytes;
    }

    void put(long seq, byte[] chunk) {
        ops.writeByte(PUT);
        ops.writeLong(seq);
        ops.writeInt(chunk.length);
        ops.writeBytes(chunk, 0, chunk.length);
    }

    void delete(long seq) {
        ops.writeByte(DELETE);
        ops.writeLong(seq);
    }

    void mark(long seq, long atMillis) {
        ops.writeByte(MARK);
        ops.writeLong(seq);
        ops.writeLong(atMillis);
    }

    /** A deletion naming the deleted chunk (see {@link ChunkCodec.Fingerprint}). */
    void delete(long seq, ChunkCodec.Fingerprint chunk) {
        ops.writeByte(DELETE_CHUNK);
        ops.writeLong(seq);
        writeFingerprint(chunk);
    }

    /** A delivery mark naming the delivered chunk (see {@link ChunkCodec.Fingerprint}). */
    void mark(long seq, long atMillis, ChunkCodec.Fingerprint chunk) {
        ops.writeByte(MARK_CHUNK);
        ops.writeLong(seq);
        ops.writeLong(atMillis);
        writeFingerprint(chunk);
    }

    void unmark(long seq) {
        ops.writeByte(UNMARK);
        ops.writeLong(seq);
    }

    /** @return whether operations wait for {@link #sync()} */
    boolean hasUnsynced() {
        return ops.size() > HEADER;
    }

    /** @return bytes of records written since the last {@link #restart} */
    long length() {
        return position;
    }

    /**
     * Writes the operations since the last sync as one record and forces it to the device. On failure the record's
     * header is overwritten with zeros (best effort), so that a replay does not apply a commit whose appenders were
     * told it failed, and the operations are kept: calling it again writes the same record at the same place (the
     * writer rolls an interrupted commit forward).
     *
     * @throws IOException if the write or the force failed
     */
    void sync() throws IOException {
        int payloadLength = ops.size() - HEADER;
        if (payloadLength == 0) {
            return;
        }
        // the operations stay as they are up to here, so that a failed sync can write the same record again
        ops.writeInt(0);
        ByteBuffer record = ByteBuffer.wrap(ops.array(), 0, ops.size());
        record.put(FORMAT).putLong(generation).putInt(payloadLength);
        CRC32C crc = new CRC32C();
        crc.update(ops.array(), 0, HEADER + payloadLength);
        record.putInt(HEADER + payloadLength, (int) crc.getValue());
        record.position(0);
        try {
            while (record.hasRemaining()) {
                channel.write(record, position + record.position());
            }
            // fdatasync: the data and the file size it needs to be read back, not the timestamps
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.write(ByteBuffer.allocate(HEADER), position);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            ops.truncate(HEADER + payloadLength, Integer.MAX_VALUE);
            throw e;
        }
        position += record.limit();
        ops.truncate(HEADER, MAX_KEPT_RECORD_BUFFER);
    }

    /**
     * Starts the journal over after a checkpoint made the store hold everything in it, including operations not
     * synced yet (the MapDB commit made them durable). The file is truncated, not forced: should the truncation not
     * survive a crash, the old generation's records left in it no longer replay.
     *
     * @param nextGeneration the generation the checkpoint stored
     */
    void restart(long nextGeneration) {
        ops.truncate(HEADER, MAX_KEPT_RECORD_BUFFER);
        generation = nextGeneration;
        position = 0;
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // harmless: the next records overwrite the old ones, which the generation already excludes
            LOG.debug("cannot truncate the outbox journal: {}", e.toString());
        }
    }

    private static ByteWriter emptyRecord() {
        ByteWriter record = new ByteWriter(4096);
        record.truncate(HEADER, MAX_KEPT_RECORD_BUFFER);
        return record;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
