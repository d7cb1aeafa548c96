package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds intact chunks in the raw bytes of a store that MapDB cannot open. MapDB 3.1.0's write-ahead log does not
 * always survive SIGKILL (measured by {@code CrashTest}: a few percent of kills left a B-tree node or an index
 * pointer unreadable), so after moving a damaged store aside the outbox scans its files (store and WAL) for chunks:
 * every chunk is one contiguous record below 64 KiB, starts with its format byte and ends with a CRC-32C, so a
 * valid one is recognised with certainty. Stale copies of deleted chunks and retained delivered chunks are found
 * too; they are delivered again, which at-least-once delivery with deterministic ids allows.
 */
final class StoreSalvage {

    /**
     * What a scan found, duplicates removed.
     *
     * @param pending intact chunks; which of them had been delivered is not known any more
     */
    record Found(List<byte[]> pending) {
    }

    private static final int WINDOW = 64 << 20;
    private static final int OVERLAP = ChunkCodec.MAX_CHUNK_BYTES * 4;

    private StoreSalvage() {
    }

    /**
     * @param directory the folder a damaged store was moved into
     * @return the intact chunks in its files
     * @throws IOException if a file cannot be read
     */
    static Found scan(Path directory) throws IOException {
        Set<ByteBuffer> seen = new HashSet<>();
        List<byte[]> pending = new ArrayList<>();
        try (DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                scanFile(file, chunk -> {
                    if (seen.add(ByteBuffer.wrap(chunk))) {
                        pending.add(chunk);
                    }
                });
            }
        }
        return new Found(pending);
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
