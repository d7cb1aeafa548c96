package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * Where one outbox commit's time goes, phase by phase, on this machine's disk: a MapDB commit of the outbox's
 * layout (transactions on, one chunk per commit) against the raw costs it is made of (an fsync of a growing file,
 * of a preallocated file, file create + delete). Prints medians and p99 in microseconds; asserts nothing.
 * Run it under {@code strace -f -c -e trace=%file,fsync,fdatasync} to count the system calls per commit.
 *
 * <p>Arguments: work directory, commits per measurement, chunk bytes (e.g. 150 for one reading, 9000 for 66).
 */
public final class CommitPhases {

    private CommitPhases() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int chunkBytes = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        byte[] chunk = new byte[chunkBytes];
        Arrays.fill(chunk, (byte) 7);
        report("mapdb put+commit (WAL)", mapdb(dir.resolve("m.db"), n, chunk, true));
        report("mapdb put only (no commit)", mapdbPutOnly(dir.resolve("p.db"), n, chunk));
        report("append + force(false), growing file", append(dir.resolve("grow.j"), n, chunk, false));
        report("overwrite + force(false), preallocated file", append(dir.resolve("pre.j"), n, chunk, true));
        report("create + write + force + delete a file", createDelete(dir, n, chunk));
    }

    private static long[] mapdb(Path file, int n, byte[] chunk, boolean commit) {
        Files.exists(file);
        long[] t = new long[n];
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make()) {
            BTreeMap<Long, byte[]> map = db.treeMap("outbox", Serializer.LONG, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable().createOrOpen();
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                map.put((long) i, chunk);
                if (commit) {
                    db.commit();
                }
                t[i] = System.nanoTime() - s;
            }
        }
        return t;
    }

    private static long[] mapdbPutOnly(Path file, int n, byte[] chunk) {
        return mapdb(file, n, chunk, false);
    }

    private static long[] append(Path file, int n, byte[] chunk, boolean preallocate) throws IOException {
        long[] t = new long[n];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (preallocate) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                long size = (long) n * (chunk.length + 16) + (1 << 20);
                for (long pos = 0; pos < size; pos += zeros.capacity()) {
                    zeros.clear();
                    ch.write(zeros, pos);
                }
                ch.force(true);
            }
            long pos = 0;
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                pos += ch.write(ByteBuffer.wrap(chunk), pos);
                ch.force(false);
                t[i] = System.nanoTime() - s;
            }
        }
        return t;
    }

    private static long[] createDelete(Path dir, int n, byte[] chunk) throws IOException {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("wal." + i);
            long s = System.nanoTime();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(chunk));
                ch.force(false);
            }
            Files.delete(f);
            t[i] = System.nanoTime() - s;
        }
        return t;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        System.out.printf("%-48s n=%d mean %,8d us  p50 %,8d us  p99 %,8d us%n", what, sorted.length,
                sum / sorted.length / 1000, sorted[sorted.length / 2] / 1000,
                sorted[(int) (sorted.length * 0.99)] / 1000);
    }
}
