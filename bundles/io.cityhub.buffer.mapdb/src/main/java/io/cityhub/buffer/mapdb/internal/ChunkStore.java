package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapDB file: B-tree {@code outbox} keyed by chunk sequence holds every chunk, pending or delivered and retained
 * for replay, with values stored outside the tree nodes so a node rewrite never copies chunk bytes; B-tree
 * {@code delivered} maps the sequence of each retained chunk to its delivery time. Retaining a delivered chunk thus
 * writes 8 bytes, not a second copy of the chunk. One {@link DB} is one transaction: only the writer thread mutates and
 * commits.
 *
 * <p>Durability: every change is also written to the {@link ChunkJournal}; {@link #commit()} forces the journal
 * (one record, one fdatasync) and is what an acknowledgement waits for. The MapDB file itself is brought up to date
 * by {@link #checkpoint()}, a MapDB commit, when {@link #checkpointDue} says so; at open the journal's records
 * newer than the last checkpoint are replayed into it.
 *
 * <p>Reads: MapDB reads every node and value from its files, a system call per field. The chunks this process wrote
 * and not yet saw delivered or deleted are therefore also kept in memory ({@link RecentChunks}, bounded), so the
 * uplink's take and the delivery mark of a chunk just written never read it back from the file.
 *
 * <p>Volumes: {@code transactionEnable()} makes each checkpoint atomic through MapDB's write-ahead log. The default
 * RandomAccessFile volume is used on purpose: a FileChannel volume is closed for good when any reading thread is
 * interrupted (a forwarder stopping inside {@code take}), and an mmap volume turns a full disk into SIGBUS.
 */
final class ChunkStore implements AutoCloseable {

    static final String FILE_NAME = "outbox.db";
    private static final String FORMAT_KEY = "cityhub.format";
    private static final String FORMAT = "cityhub-outbox-1";
    private static final String GENERATION_KEY = "cityhub.journal.generation";
    /** A checkpoint is due this long after the previous one if the journal holds anything. */
    static final long CHECKPOINT_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkStore.class);
    private static final DateTimeFormatter ASIDE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    // replaced only by reopen(), which the writer calls while holding the index lock (readers hold it too)
    private volatile DB db;
    private volatile BTreeMap<Long, byte[]> outbox;
    private volatile BTreeMap<Long, Long> delivered;
    // writer thread only (and reopen, under the index lock)
    private ChunkJournal journal;
    private Atomic.Long generation;
    // set once at open (a moved-aside store, or the copy of a damaged journal), read by the activating thread
    private Path movedAside;
    /**
     * Chunks of the journal while the store is open read-only after a failed reopen (a full disk): the read-only
     * MapDB file lacks what was committed since the last checkpoint, and takes must still find it. Empty otherwise.
     */
    private volatile Map<Long, byte[]> journalOverlay = Map.of();
    /** The stored bytes of chunks written since open, until delivered or deleted; mirrors {@link #outbox}. */
    private final RecentChunks recent = new RecentChunks(RecentChunks.MAX_BYTES);
    private long lastCheckpointMillis = Long.MIN_VALUE;
    private long checkpoints;

    private ChunkStore(Path directory, DB db, BTreeMap<Long, byte[]> outbox, BTreeMap<Long, Long> delivered,
            ChunkJournal journal, Atomic.Long generation, Path movedAside) {
        this.directory = directory;
        this.db = db;
        this.outbox = outbox;
        this.delivered = delivered;
        this.journal = journal;
        this.generation = generation;
        this.movedAside = movedAside;
    }

    /**
     * Opens the store in {@code directory}, creating it if absent. A store that cannot be opened (truncated,
     * garbage, another format) is moved aside into {@code broken-<UTC time>/} and replaced by a fresh one.
     *
     * @param directory the store directory, created if absent
     * @param clock names the moved-aside folder
     * @return the open store; {@link #movedAside()} tells whether a recovery happened
     * @throws UncheckedIOException if even a fresh store cannot be created
     * @throws IllegalStateException if another process holds the store's file lock
     */
    static ChunkStore open(Path directory, Clock clock) {
        return open(directory, clock, () -> false);
    }

    /**
     * Like {@link #open(Path, Clock)}, but never moves a store aside while the disk is full: MapDB reports a failed
     * write the same way as a damaged file, and a full disk is no reason to give up a healthy store.
     *
     * @param diskFull tells whether the store's file system is out of space
     * @throws UncheckedIOException if the store cannot be opened because the disk is full
     */
    static ChunkStore open(Path directory, Clock clock, BooleanSupplier diskFull) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store directory " + directory, e);
        }
        try {
            ChunkStore store = openExisting(directory, null);
            store.keepDamagedJournal(clock);
            return store;
        } catch (DBException | UnreadableStoreException e) {
            // ENOSPC in the cause: with a floor of 0 (or another process filling the disk) the probe may still see a
            // few bytes free, yet MapDB could not write its WAL; the store is healthy and must stay where it is
            if (outOfSpace(e) || diskFull.getAsBoolean()) {
                throw new UncheckedIOException(
                        new IOException("disk full, cannot open the outbox store in " + directory, e));
            }
            Path aside = moveAside(directory, clock);
            ChunkStore fresh = openExisting(directory, aside);
            fresh.salvage(directory, aside, e);
            return fresh;
        }
    }

    /**
     * Keeps a copy of a journal whose replay found damage in front of intact records (before anything writes to it),
     * in {@code broken-<UTC time>/} beside the store, for analysis; the records behind the damage were replayed.
     */
    private void keepDamagedJournal(Clock clock) {
        if (journal.damagedAt() < 0) {
            return;
        }
        Path file = directory.resolve(ChunkJournal.FILE_NAME);
        Path aside = directory.resolve("broken-" + ASIDE.format(clock.instant()));
        try {
            Files.createDirectories(aside);
            Files.copy(file, aside.resolve(ChunkJournal.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            movedAside = aside;
        } catch (IOException e) {
            LOG.error("Cannot keep a copy of the damaged outbox journal {} in {}: {}", file, aside, e.toString());
        }
        LOG.error("Outbox journal {} is damaged at byte {}: skipped {} damaged bytes and replayed the {} intact "
                + "commits around them; what the damaged bytes held is lost. A copy of the journal is in {}", file,
                journal.damagedAt(), journal.skippedBytes(), journal.replayedRecords(), aside);
    }

    /**
     * Copies the intact chunks of a damaged store, brought up to date by its journal, into this fresh one in append
     * order, delivered ones with their delivery marks; logs what it did at ERROR.
     */
    private void salvage(Path original, Path aside, RuntimeException why) {
        StoreSalvage.Found found;
        try {
            found = StoreSalvage.scan(aside);
        } catch (IOException e) {
            LOG.error("Outbox store in {} could not be opened ({}); moved it to {} and started a fresh store, but "
                    + "cannot read the moved files to salvage them", original, why.toString(), aside, e);
            return;
        }
        long seq = 1;
        int retained = 0;
        for (StoreSalvage.Salvaged chunk : found.chunks()) {
            outbox.put(seq, chunk.bytes());
            if (chunk.deliveredAt() != null) {
                delivered.put(seq, chunk.deliveredAt());
                retained++;
            }
            seq++;
        }
        db.commit();
        ChunkJournal.Replay journal = found.journal();
        String damage = journal.damagedAt() < 0 ? ""
                : "; its journal is damaged at byte " + journal.damagedAt() + " (" + journal.skippedBytes()
                        + " bytes skipped; what the damaged records held is lost but for intact chunks in them)";
        LOG.error("Outbox store in {} could not be opened ({}); moved it to {}, started a fresh store and salvaged "
                + "{} intact chunks from it ({} of them delivered and kept for replay), after replaying the {} "
                + "commits of its journal made since its last checkpoint{}", original, why.toString(), aside,
                found.chunks().size(), retained, journal.records(), damage);
    }

    private static ChunkStore openExisting(Path directory, Path movedAside) {
        Path file = directory.resolve(FILE_NAME);
        boolean fresh = !Files.exists(file);
        DB db;
        try {
            db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        } catch (DBException.FileLocked e) {
            // another process (a second runtime on the same directory) has it open: never move a live store aside
            throw new IllegalStateException("outbox store " + file + " is in use by another process", e);
        } catch (RuntimeException | AssertionError e) {
            // MapDB 3 reports some damaged headers with kotlin/JDK exceptions rather than DBException
            throw new UnreadableStoreException(e);
        }
        try {
            String format = db.atomicString(FORMAT_KEY).createOrOpen().get();
            if (fresh || format == null && isEmpty(db)) {
                db.atomicString(FORMAT_KEY).createOrOpen().set(FORMAT);
            } else if (!FORMAT.equals(format)) {
                throw new UnreadableStoreException(new IllegalStateException("store format is " + format));
            }
            BTreeMap<Long, byte[]> outbox = db.treeMap("outbox", Serializer.LONG, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable().createOrOpen();
            BTreeMap<Long, Long> delivered = db.treeMap("delivered", Serializer.LONG, Serializer.LONG).createOrOpen();
            // a kill can leave MapDB's file openable but with unreadable nodes or records: read everything once
            // now, so a damaged store is recovered at start and not found out later by the forwarder
            readAll(outbox);
            readAll(delivered);
            // and backwards once: after a SIGKILL MapDB 3.1 can leave leaf links that read fine forwards yet fail its
            // reverse walk ("wrong reverse iteration", an AssertionError), which lastKey() takes when the writer opens
            readLast(outbox);
            readLast(delivered);
            Atomic.Long generation = db.atomicLong(GENERATION_KEY).createOrOpen();
            if (fresh) {
                // a journal left over from another store must never replay into this one
                generation.set(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
            }
            db.commit();
            ChunkJournal journal = openJournal(directory, generation.get(), outbox, delivered);
            ChunkStore store = new ChunkStore(directory, db, outbox, delivered, journal, generation, movedAside);
            if (journal.replayedRecords() > 0) {
                // no checkpoint here: on a full disk it would fail, and the writer's checkpoint rolls a failure forward
                LOG.info(
                        "Outbox journal: replayed {} commits made after the last checkpoint",
                        journal.replayedRecords());
            }
            return store;
        } catch (RuntimeException | AssertionError e) {
            closeQuietly(db);
            throw e instanceof UnreadableStoreException u ? u : new UnreadableStoreException(e);
        }
    }

    private static ChunkJournal openJournal(Path directory, long generation, Map<Long, byte[]> outbox,
            Map<Long, Long> delivered) {
        try {
            return ChunkJournal.open(directory, generation, new ChunkJournal.Target() {
                @Override
                public void put(long seq, byte[] chunk) {
                    outbox.put(seq, chunk);
                }

                @Override
                public void delete(long seq) {
                    outbox.remove(seq);
                    delivered.remove(seq);
                }

                @Override
                public void mark(long seq, long atMillis) {
                    delivered.put(seq, atMillis);
                }

                @Override
                public void unmark(long seq) {
                    delivered.remove(seq);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox journal in " + directory, e);
        }
    }

    /**
     * Whether a MapDB failure was caused by a full file system. MapDB wraps the JDK's IOException (whose message is
     * the OS's strerror text, "No space left on device" for ENOSPC, "Disk quota exceeded" for EDQUOT) in a
     * {@link DBException.VolumeIOError}; the errno is not exposed any other way.
     *
     * @param failure what MapDB threw
     * @return true if an I/O error in its cause chain says the disk is full
     */
    static boolean outOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static <V> void readAll(BTreeMap<Long, V> map) {
        Iterator<Map.Entry<Long, V>> it = map.entryIterator();
        while (it.hasNext()) {
            Map.Entry<Long, V> e = it.next();
            if (e.getKey() == null || e.getValue() == null) {
                throw new UnreadableStoreException(new IllegalStateException("unreadable record at key " + e.getKey()));
            }
        }
    }

    private static void readLast(BTreeMap<Long, ?> map) {
        if (!map.isEmpty()) {
            map.lastKey();
        }
    }

    private static boolean isEmpty(DB db) {
        return db.getAll().isEmpty();
    }

    /** @return where a damaged store was moved during this open, or null if none was */
    Path movedAside() {
        return movedAside;
    }

    /**
     * @param seq a chunk sequence
     * @return the stored chunk, or null if there is none under {@code seq}
     */
    byte[] chunk(long seq) {
        byte[] chunk = recent.get(seq);
        if (chunk != null) {
            return chunk;
        }
        chunk = outbox.get(seq);
        return chunk != null ? chunk : journalOverlay.get(seq);
    }

    /** Stores (or replaces) a chunk; durable with the next commit. Writer thread only. */
    void putChunk(long seq, byte[] chunk) {
        byte[] replaced = outbox.put(seq, chunk);
        recent.put(seq, chunk);
        if (replaced != null) {
            // names the replaced chunk for a salvage, which finds the old one in the raw store file too
            journal.delete(seq, ChunkCodec.Fingerprint.of(replaced));
        }
        journal.put(seq, chunk);
    }

    /**
     * Deletes a chunk and its delivery mark, if any; durable with the next commit. Writer thread only.
     *
     * @return the deleted chunk's bytes, or null if there was none
     */
    byte[] deleteChunk(long seq) {
        recent.remove(seq);
        byte[] gone = outbox.remove(seq);
        delivered.remove(seq);
        if (gone != null) {
            journal.delete(seq, ChunkCodec.Fingerprint.of(gone));
        } else {
            journal.delete(seq);
        }
        return gone;
    }

    /** Marks a stored chunk delivered and retained for replay since {@code atMillis}. Writer thread only. */
    void markDelivered(long seq, long atMillis) {
        delivered.put(seq, atMillis);
        byte[] chunk = recent.remove(seq);
        if (chunk == null) {
            chunk = outbox.get(seq);
        }
        if (chunk != null) {
            journal.mark(seq, atMillis, ChunkCodec.Fingerprint.of(chunk));
        } else {
            journal.mark(seq, atMillis);
        }
    }

    /** @return when the chunk was delivered, or null if it is pending */
    Long deliveredAt(long seq) {
        return delivered.get(seq);
    }

    /**
     * Removes delivery marks whose chunk is gone (a chunk evicted just before a crash); harmless but kept tidy.
     *
     * @return how many were removed
     */
    int removeOrphanDeliveryMarks() {
        List<Long> orphans = new ArrayList<>();
        for (Long seq : delivered.keySet()) {
            if (!outbox.containsKey(seq)) {
                orphans.add(seq);
            }
        }
        for (Long seq : orphans) {
            delivered.remove(seq);
            journal.unmark(seq);
        }
        return orphans.size();
    }

    /** @return the number of stored chunks, pending and retained */
    int chunkCount() {
        return outbox.size();
    }

    /** @return the lowest stored chunk sequence; the store must not be empty */
    long firstSequence() {
        return outbox.firstKey();
    }

    /** @return one past the highest chunk sequence stored */
    long nextSequence() {
        return outbox.isEmpty() ? 1 : outbox.lastKey() + 1;
    }

    /** @return every stored chunk by sequence, read-only */
    Iterator<Map.Entry<Long, byte[]>> chunks() {
        Iterator<Map.Entry<Long, byte[]>> all = outbox.entryIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return all.hasNext();
            }

            @Override
            public Map.Entry<Long, byte[]> next() {
                return all.next();
            }
        };
    }

    /**
     * Makes every change since the last call durable: one journal record, one fdatasync. Writer thread only.
     *
     * @throws UncheckedIOException if the journal cannot be written or forced; the changes in memory are then not
     *     durable and the caller must {@link #reopen()} the store (which replays what is on disk)
     */
    void commit() {
        try {
            journal.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outbox journal: " + e.getMessage(), e);
        }
    }

    /**
     * @param nowMillis the writer's clock
     * @return whether a {@link #checkpoint()} is due: the journal reached {@link ChunkJournal#CHECKPOINT_BYTES}, or
     *     holds anything and the last checkpoint is {@link #CHECKPOINT_MILLIS} old
     */
    boolean checkpointDue(long nowMillis) {
        long length = journal.length();
        if (length >= ChunkJournal.CHECKPOINT_BYTES) {
            return true;
        }
        if (length == 0) {
            return false;
        }
        if (lastCheckpointMillis == Long.MIN_VALUE) {
            lastCheckpointMillis = nowMillis;
        }
        return nowMillis - lastCheckpointMillis >= CHECKPOINT_MILLIS;
    }

    /**
     * Writes everything in memory into the MapDB file in one MapDB commit (its WAL makes it atomic), together with
     * the next journal generation, then starts the journal over. If MapDB fails part way (a full disk), call it again
     * until it succeeds: the journal still holds every acknowledged change meanwhile. Writer thread only.
     *
     * @param nowMillis the writer's clock, for {@link #checkpointDue}
     * @throws DBException if MapDB cannot commit
     */
    void checkpoint(long nowMillis) {
        checkpoint();
        lastCheckpointMillis = nowMillis;
    }

    private void checkpoint() {
        long next = generation.get() + 1;
        generation.set(next == 0 ? 1 : next);
        db.commit();
        journal.restart(generation.get());
        checkpoints++;
    }

    /** @return checkpoints (MapDB commits) since this store was opened */
    long checkpoints() {
        return checkpoints;
    }

    /**
     * @return bytes of journal written since the last checkpoint: what the next checkpoint has to bring into the
     *     file
     */
    long journalBytes() {
        return journal.length();
    }

    /** @return bytes of every file of the store, including its write-ahead log */
    long sizeOnDisk() {
        return filesSize(directory);
    }

    /**
     * @param directory a store directory
     * @return bytes of every file of the store in it, including its write-ahead log; best effort
     */
    static long filesSize(Path directory) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_NAME + "*")) {
            for (Path f : files) {
                total += Files.size(f);
            }
        } catch (IOException e) {
            // a WAL file can vanish between listing and sizing; the metric is best effort
            LOG.debug("cannot size store files in {}: {}", directory, e.toString());
        }
        return total;
    }

    /**
     * Closes and reopens the files after a failed commit. MapDB's in-memory state is not trustworthy after a
     * commit failed half way (measured on a full tmpfs: {@code rollback()} returned, later reads threw
     * ArrayIndexOutOfBoundsException); reopening goes back to the last committed state on disk.
     *
     * @throws RuntimeException if the files cannot be opened for writing now (then they are open read-only if
     *     possible, so takes still work); try again later
     */
    void reopen() {
        // what is in memory may not have reached the disk; the files are the truth from here on
        recent.clear();
        closeQuietly(db);
        closeQuietly(journal);
        try {
            ChunkStore fresh = openExisting(directory, null);
            this.db = fresh.db;
            this.outbox = fresh.outbox;
            this.delivered = fresh.delivered;
            this.journal = fresh.journal;
            this.generation = fresh.generation;
            this.journalOverlay = Map.of();
        } catch (RuntimeException | AssertionError e) {
            // typically a full disk: opening for writing needs space. Read-only, delivery can go on meanwhile.
            try {
                DB readOnly = DBMaker.fileDB(directory.resolve(FILE_NAME).toFile())
                        .transactionEnable()
                        .readOnly()
                        .make();
                this.db = readOnly;
                this.outbox = readOnly.treeMap("outbox", Serializer.LONG, Serializer.BYTE_ARRAY).open();
                this.delivered = readOnly.treeMap("delivered", Serializer.LONG, Serializer.LONG).open();
                Map<Long, byte[]> overlay = new HashMap<>();
                closeQuietly(openJournal(directory, readOnly.atomicLong(GENERATION_KEY).open().get(), overlay,
                        new HashMap<>()));
                this.journalOverlay = overlay;
            } catch (RuntimeException | AssertionError readOnlyFailure) {
                e.addSuppressed(readOnlyFailure);
            }
            throw e;
        }
    }

    /** Checkpoints (best effort: the journal keeps what a failed checkpoint could not write) and closes. */
    @Override
    public void close() {
        if (!db.isClosed()) {
            try {
                if (journal.length() > 0 || journal.hasUnsynced()) {
                    journal.sync();
                    checkpoint();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Outbox closes without a final checkpoint ({}); the journal is replayed at the next start",
                        e.toString());
            } finally {
                closeQuietly(journal);
                db.close();
            }
        }
    }

    private static void closeQuietly(ChunkJournal journal) {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.debug("closing the outbox journal failed: {}", e.toString());
        }
    }

    private static void closeQuietly(DB db) {
        try {
            db.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a damaged store failed too: {}", e.toString());
        }
    }

    private static Path moveAside(Path directory, Clock clock) {
        Path aside = directory.resolve("broken-" + ASIDE.format(clock.instant()));
        try {
            Files.createDirectories(aside);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_NAME + "*")) {
                for (Path f : files) {
                    Files.move(f, aside.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the damaged store aside into " + aside, e);
        }
        return aside;
    }

    /** The files exist but are not a readable store of ours. */
    private static final class UnreadableStoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableStoreException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
