package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.lorawan.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device sessions, made durable by group commit: the changes of many frames of many devices go into one record of
 * the {@link SessionJournal} ({@code sessions.journal}, one {@code fdatasync}), and when the journal has grown past
 * a limit its content is folded into one snapshot file ({@code sessions.snapshot}: new file, fsync, atomic rename,
 * directory fsync) and the journal starts afresh under the next generation. Start-up reads the snapshot and replays
 * the journal of the same generation (an older one was folded already). Per-device files
 * {@code <DevEUI>.session} of earlier versions are still read for devices neither holds. All files hold session keys
 * and are readable by the runtime's user only (rw-------). Thread-safe: commits are serialised on this object.
 */
final class SessionStore implements Closeable {

    /** Fold the journal into the snapshot when it has grown past this. */
    static final long DEFAULT_FOLD_BYTES = 4 << 20;
    static final String JOURNAL = "sessions.journal";
    static final String SNAPSHOT = "sessions.snapshot";
    private static final int SNAPSHOT_MAGIC = 0x43485331; // "CHS1"
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private final Path directory;
    private final long foldBytes;
    private final LoraCounters counters;
    private final SessionJournal journal;
    /** The durable state of every device the snapshot or the journal holds. */
    private final Map<Long, SessionState> states = new HashMap<>();
    /** Devices with a full record in the current journal generation: later records may carry the counter only. */
    private final Set<Long> inJournal = new HashSet<>();
    private long generation;
    private long nextFoldAt;

    /**
     * @param directory where the files live; created if missing
     * @throws IOException if it cannot be created, or the snapshot or journal is unreadable or damaged (the caller
     *     must not silently start over: that would reopen the replay window)
     */
    SessionStore(Path directory) throws IOException {
        this(directory, DEFAULT_FOLD_BYTES, new LoraCounters(Clock.systemUTC(), LOG));
    }

    SessionStore(Path directory, long foldBytes, LoraCounters counters) throws IOException {
        this.directory = directory;
        this.foldBytes = foldBytes;
        this.counters = counters;
        Files.createDirectories(directory);
        this.generation = readSnapshot();
        this.journal = new SessionJournal(directory.resolve(JOURNAL));
        SessionJournal.Contents contents = journal.read();
        if (contents.generation() > generation) {
            throw new IOException(journal.file() + " belongs to generation " + contents.generation() + " but "
                    + directory.resolve(SNAPSHOT) + " to " + generation + ": the snapshot is missing or older than"
                    + " the journal; refusing to start over");
        }
        if (contents.generation() == generation) {
            for (byte[] record : contents.records()) {
                replay(record);
            }
            if (contents.tornBytes() > 0) {
                LOG.warn("LoRa sessions: ignored a torn tail of {} bytes at the end of {} (a commit interrupted by a"
                        + " crash; nothing in it was acknowledged)", contents.tornBytes(), journal.file());
                counters.increment("sessions.torn_tail");
            }
        }
        nextFoldAt = foldBytes;
    }

    Path directory() {
        return directory;
    }

    /**
     * @return the stored state of this device, or empty when there is none
     * @throws IOException if an old per-device file exists but cannot be read or is not a session file
     */
    synchronized Optional<SessionState> load(long devEui) throws IOException {
        SessionState s = states.get(devEui);
        return s != null ? Optional.of(s) : loadDeviceFile(devEui);
    }

    /**
     * Makes the states durable together (one journal record, one fdatasync) and returns once they are; folds the
     * journal into the snapshot when it has grown past its limit.
     *
     * @throws IOException if they could not be made durable; nothing of them then counts as stored
     */
    synchronized void commit(List<SessionState> changed) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(4 + changed.stream().mapToInt(SessionCodec::maxBytes).sum());
        body.putInt(changed.size());
        for (SessionState s : changed) {
            SessionState before = states.get(s.devEui());
            if (before != null && inJournal.contains(s.devEui()) && SessionCodec.onlyUplinkCounter(before, s)) {
                SessionCodec.putUplink(body, s);
            } else {
                SessionCodec.putFull(body, s);
            }
        }
        byte[] record = new byte[body.position()];
        body.flip().get(record);
        journal.append(record, generation);
        for (SessionState s : changed) {
            states.put(s.devEui(), s);
            inJournal.add(s.devEui());
        }
        counters.increment("sessions.commits");
        if (journal.size() >= nextFoldAt) {
            fold();
        }
    }

    /** Folds the journal into a new snapshot; a failure leaves the journal in use and is retried later. */
    private void fold() {
        try {
            writeSnapshot(generation + 1);
            counters.increment("sessions.folds");
            nextFoldAt = foldBytes;
        } catch (IOException e) {
            counters.warn("sessions.fold_failed", "cannot fold " + journal.file() + " into " + SNAPSHOT
                    + ", the journal keeps growing: " + e.getMessage());
            nextFoldAt = journal.size() + foldBytes;
            return;
        }
        try {
            journal.reset(generation);
            inJournal.clear();
        } catch (IOException e) {
            // the snapshot holds everything; the next commit starts the journal of the new generation
            counters.warn("sessions.fold_failed", "cannot restart " + journal.file() + ": " + e.getMessage());
        }
    }

    private void writeSnapshot(long newGeneration) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(20 + states.values().stream().mapToInt(SessionCodec::maxBytes).sum()
                + 4);
        out.putInt(SNAPSHOT_MAGIC).putInt(1).putLong(newGeneration).putInt(states.size());
        for (SessionState s : states.values()) {
            SessionCodec.putFull(out, s);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue()).flip();
        Path file = directory.resolve(SNAPSHOT);
        Path temp = directory.resolve(SNAPSHOT + ".new");
        // a leftover .new of a crash may carry other permissions, so it is never reused
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                SessionJournal.ownerOnly(temp))) {
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + directory + " cannot rename atomically", e);
        }
        // from here the snapshot may be the one a restart reads: the journal of the old generation must take no more
        // records, which the new generation number ensures (an append first restarts the journal under it)
        generation = newGeneration;
        syncDirectory();
    }

    /** @return the snapshot's generation (0 without one), its states loaded */
    private long readSnapshot() throws IOException {
        Path file = directory.resolve(SNAPSHOT);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        CRC32C crc = new CRC32C();
        crc.update(data, 0, Math.max(0, data.length - 4));
        if (data.length < 24 || b.getInt(0) != SNAPSHOT_MAGIC || b.getInt(4) != 1
                || b.getInt(data.length - 4) != (int) crc.getValue()) {
            throw new IOException(file + " is damaged or not a cityhub session snapshot; refusing to start over,"
                    + " since that would let replayed LoRaWAN frames be accepted");
        }
        long gen = b.getLong(8);
        int count = b.getInt(16);
        b.position(20).limit(data.length - 4);
        try {
            for (int i = 0; i < count; i++) {
                SessionState s = SessionCodec.getFull(b);
                states.put(s.devEui(), s);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a valid session snapshot: " + e, e);
        }
        return gen;
    }

    private void replay(byte[] record) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(record);
        try {
            int count = b.getInt();
            for (int i = 0; i < count; i++) {
                SessionState s = SessionCodec.get(b, states);
                states.put(s.devEui(), s);
                inJournal.add(s.devEui());
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(journal.file() + " holds a record that is intact but not valid: " + e.getMessage(),
                    e);
        }
    }

    /** An earlier version's per-device file: read for devices the snapshot and journal do not hold. */
    private Optional<SessionState> loadDeviceFile(long devEui) throws IOException {
        Path file = directory.resolve(Bytes.hex(devEui, 16) + ".session");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            long storedEui = Long.parseUnsignedLong(p.getProperty("devEui"), 16);
            if (storedEui != devEui) {
                throw new IOException(file + " holds DevEUI " + p.getProperty("devEui"));
            }
            return Optional.of(new SessionState(devEui, (int) Long.parseLong(p.getProperty("devAddr"), 16),
                    Bytes.fromHex(p.getProperty("nwkSKey", "")), Bytes.fromHex(p.getProperty("appSKey", "")),
                    Long.parseLong(p.getProperty("epoch")), Long.parseLong(p.getProperty("fCntUpNext")),
                    Boolean.parseBoolean(p.getProperty("uplinkSeen")),
                    Long.parseLong(p.getProperty("fCntDownReserved")), Integer.parseInt(p.getProperty("joinNonce")),
                    BitSet.valueOf(Bytes.fromHex(p.getProperty("devNonces", "")))));
        } catch (RuntimeException e) {
            // NumberFormatException, IllegalArgumentException of bad hex, NullPointerException of a missing key
            throw new IOException(file + " is not a valid session file: " + e.getMessage(), e);
        }
    }

    /** The rename is durable only once the directory entry is (POSIX; not possible on Windows, where it is skipped). */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        journal.close();
    }
}
