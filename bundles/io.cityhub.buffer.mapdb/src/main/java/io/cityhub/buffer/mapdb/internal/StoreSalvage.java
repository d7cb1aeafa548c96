package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salvages a store that MapDB cannot open. MapDB 3.1.0's write-ahead log does not always survive SIGKILL (measured by
 * {@code CrashTest}: a few percent of kills left a B-tree node or an index pointer unreadable), so after moving a
 * damaged store aside the outbox
 * <ol>
 *   <li>scans the raw bytes of its store file and MapDB's WAL for chunks: every chunk is one contiguous record below
 *       64 KiB, starts with its format byte and ends with a CRC-32C, so a valid one is recognised with certainty.
 *       Which of them the store held as delivered is not known any more, nor are stale copies of chunks deleted
 *       before the last checkpoint told apart: they are delivered again, which at-least-once delivery with
 *       deterministic ids allows;</li>
 *   <li>replays the commits of its journal made since that checkpoint, in order ({@link ChunkJournal#replayAside}):
 *       their new chunks join, and their deletions and delivery marks apply, by sequence to chunks the journal put
 *       and by {@link ChunkCodec.Fingerprint} to chunks found in the store file, so that nothing delivered since the
 *       checkpoint comes back;</li>
 *   <li>scans the journal's raw bytes too, for intact chunks in records the replay could not use (damaged, torn):
 *       they are delivered again rather than lost.</li>
 * </ol>
 */
final class StoreSalvage {

    /**
     * One salvaged chunk.
     *
     * @param bytes the chunk
     * @param deliveredAt when it was delivered (kept for replay), or null if it is pending
     */
    record Salvaged(byte[] bytes, Long deliveredAt) {
    }

    /**
     * What a salvage found.
     *
     * @param chunks the chunks to keep, duplicates removed, in append order
     * @param journal what the journal replay did
     * @param rescued chunks found in the journal's bytes outside the records replayed
     */
    record Found(List<Salvaged> chunks, ChunkJournal.Replay journal, int rescued) {
    }

    private static final int WINDOW = 64 << 20;
    private static final int OVERLAP = ChunkCodec.MAX_CHUNK_BYTES * 4;

    private StoreSalvage() {
    }

    /**
     * @param directory the folder a damaged store was moved into
     * @return the chunks to keep
     * @throws IOException if a file cannot be read
     */
    static Found scan(Path directory) throws IOException {
        Path journalFile = directory.resolve(ChunkJournal.FILE_NAME);
        Replayed state = new Replayed();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (!file.equals(journalFile) && Files.isRegularFile(file)) {
                    scanFile(file, state::stored);
                }
            }
        }
        ChunkJournal.Replay replay = Files.exists(journalFile)
                ? ChunkJournal.replayAside(journalFile, state)
                : new ChunkJournal.Replay(0, 0, -1, 0, 0);
        int[] rescued = {0};
        if (Files.exists(journalFile)) {
            scanFile(journalFile, chunk -> {
                if (state.rescue(chunk)) {
                    rescued[0]++;
                }
            });
        }
        return new Found(state.result(), replay, rescued[0]);
    }

    /** The salvaged store as the journal replay changes it. */
    private static final class Replayed implements ChunkJournal.Target {
        /** Chunks found in the store file and WAL, by content, with their delivery time or null. */
        private final Map<ByteBuffer, Long> stored = new LinkedHashMap<>();
        private final Map<ChunkCodec.Fingerprint, ByteBuffer> storedByFingerprint = new HashMap<>();
        /** Chunks the journal put, by sequence, in order. */
        private final Map<Long, byte[]> journaled = new LinkedHashMap<>();
        private final Map<Long, Long> journalMarks = new HashMap<>();
        /** Every chunk the store scan or the replay saw, kept or not: a later raw scan must not bring it back. */
        private final Set<ByteBuffer> seen = new HashSet<>();
        private final List<byte[]> rescued = new ArrayList<>();

        void stored(byte[] chunk) {
            ByteBuffer key = ByteBuffer.wrap(chunk);
            if (seen.add(key)) {
                stored.put(key, null);
                storedByFingerprint.put(ChunkCodec.Fingerprint.of(chunk), key);
            }
        }

        boolean rescue(byte[] chunk) {
            if (seen.add(ByteBuffer.wrap(chunk))) {
                rescued.add(chunk);
                return true;
            }
            return false;
        }

        @Override
        public void put(long seq, byte[] chunk) {
            ByteBuffer key = ByteBuffer.wrap(chunk);
            seen.add(key);
            // the same chunk in the store file or WAL (a checkpoint interrupted while writing it): the journal's copy
            // is the one its later deletions and marks name by sequence
            stored.remove(key);
            journaled.put(seq, chunk);
            journalMarks.remove(seq);
        }

        @Override
        public void delete(long seq) {
            journaled.remove(seq);
            journalMarks.remove(seq);
        }

        @Override
        public void deleteChunk(long seq, ChunkCodec.Fingerprint chunk) {
            if (journaled.containsKey(seq)) {
                delete(seq);
                return;
            }
            ByteBuffer key = storedByFingerprint.remove(chunk);
            if (key != null) {
                stored.remove(key);
            }
        }

        @Override
        public void mark(long seq, long atMillis) {
            if (journaled.containsKey(seq)) {
                journalMarks.put(seq, atMillis);
            }
        }

        @Override
        public void markChunk(long seq, long atMillis, ChunkCodec.Fingerprint chunk) {
            if (journaled.containsKey(seq)) {
                mark(seq, atMillis);
                return;
            }
            ByteBuffer key = storedByFingerprint.get(chunk);
            if (key != null && stored.containsKey(key)) {
                stored.put(key, atMillis);
            }
        }

        @Override
        public void unmark(long seq) {
            journalMarks.remove(seq);
        }

        /** Store chunks, then the journal's in sequence order, then rescued ones, sorted stably by append time. */
        List<Salvaged> result() {
            List<Salvaged> all = new ArrayList<>();
            stored.forEach((chunk, at) -> all.add(new Salvaged(chunk.array(), at)));
            journaled.forEach((seq, chunk) -> all.add(new Salvaged(chunk, journalMarks.get(seq))));
            rescued.forEach(chunk -> all.add(new Salvaged(chunk, null)));
            all.sort(Comparator.comparingLong(s -> ChunkCodec.Fingerprint.of(s.bytes()).stampMillis()));
            return all;
        }
    }

    private interface Sink {
        void found(byte[] chunk);
    }

    private static void scanFile(Path file, Sink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] buf = new byte[(int) Math.min(size, WINDOW + (long) OVERLAP)];
            for (long start = 0; start < size; start += WINDOW) {
                int length = (int) Math.min(buf.length, size - start);
                ByteBuffer target = ByteBuffer.wrap(buf, 0, length);
                while (target.hasRemaining() && channel.read(target, start + target.position()) >= 0) {
                    // read until the window is full
                }
                // chunks starting in the overlap are found by the next window
                int scanEnd = start + WINDOW >= size ? length : WINDOW;
                for (int i = 0; i < scanEnd; i++) {
                    int b = buf[i];
                    if (b == ChunkCodec.FORMAT_V1 && i + 1 < length && buf[i + 1] >= 0 && buf[i + 1] < 3) {
                        int n = ChunkCodec.chunkLengthAt(buf, i, length);
                        if (n > 0) {
                            sink.found(Arrays.copyOfRange(buf, i, i + n));
                            i += n - 1;
                        }
                    }
                }
            }
        }
    }
}
