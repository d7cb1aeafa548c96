package io.cityhub.sensor.lora.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The append-only session journal: a header (magic, format, generation) and then one record per group commit, each
 * {@code magic, length, CRC-32C of length and body, body}, written with one {@code fdatasync}. A record is
 * acknowledged only once that returns, so a crash can damage only the last record: a damaged record with nothing
 * valid behind it is a torn tail and is cut off (it was never acknowledged); a damaged record with a valid record
 * behind it is damage in the middle, and reading fails instead of silently losing what was acknowledged. The file
 * is opened for writing only at the first append, so reading it needs no write access. Not thread-safe: the
 * {@link SessionStore} serialises access.
 */
final class SessionJournal implements Closeable {

    static final int FILE_MAGIC = 0x43484a31; // "CHJ1"
    static final int RECORD_MAGIC = 0x4a524543; // "JREC"
    static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 12;
    /** No group commit comes near this; a larger length is damage. */
    static final int MAX_RECORD_BYTES = 64 << 20;

    /**
     * What reading found.
     *
     * @param generation the header's generation, or -1 when the file is missing or its header incomplete (no
     *     record was ever acknowledged in it)
     * @param records the bodies of the intact records, in order
     * @param validEnd where the intact records end
     * @param tornBytes bytes of a torn tail behind them (0 if none)
     */
    record Contents(long generation, List<byte[]> records, long validEnd, long tornBytes) {
    }

    private final Path file;
    private FileChannel channel;
    /** Generation the file's header durably holds; -1 while unknown (not opened, or a reset failed). */
    private long headerGeneration = -1;
    /** End of the last acknowledged record: a failed append is cut back to here. */
    private long committedEnd;

    SessionJournal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** @return bytes of acknowledged records and header (0 before anything was read or written) */
    long size() {
        return committedEnd;
    }

    /**
     * Reads the journal and remembers where its intact part ends (the next append first cuts a torn tail off).
     *
     * @throws IOException if it cannot be read, is not a session journal, or is damaged before its last record
     */
    Contents read() throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Contents(-1, List.of(), 0, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (data.length < HEADER_BYTES || allZero(data, 0, HEADER_BYTES)) {
            // the header is written and synced before any record: an incomplete one means no record was ever here
            return new Contents(-1, List.of(), 0, data.length);
        }
        if (b.getInt(0) != FILE_MAGIC || b.getInt(4) != 1) {
            throw new IOException(file + " is not a cityhub session journal (format 1); refusing to start over, since"
                    + " that would let replayed LoRaWAN frames be accepted");
        }
        long generation = b.getLong(8);
        List<byte[]> records = new ArrayList<>();
        int pos = HEADER_BYTES;
        while (pos < data.length) {
            int length = recordLength(b, pos);
            if (length < 0) {
                for (int p = pos + 1; p + RECORD_HEADER_BYTES <= data.length; p++) {
                    if (recordLength(b, p) >= 0) {
                        throw new IOException(file + ": the record at byte " + pos + " is damaged and intact records"
                                + " follow it (at byte " + p + "); the journal holds acknowledged frame counters, so"
                                + " the LoRa sessions are not started over. Restore the file or remove the session"
                                + " directory deliberately (devices' replay protection then starts afresh)");
                    }
                }
                break;
            }
            byte[] body = new byte[length];
            b.get(pos + RECORD_HEADER_BYTES, body);
            records.add(body);
            pos += RECORD_HEADER_BYTES + length;
        }
        committedEnd = pos;
        headerGeneration = generation;
        return new Contents(generation, records, pos, data.length - pos);
    }

    private static boolean allZero(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the body length of an intact record at {@code pos}, or -1 */
    private static int recordLength(ByteBuffer b, int pos) {
        if (pos + RECORD_HEADER_BYTES > b.capacity() || b.getInt(pos) != RECORD_MAGIC) {
            return -1;
        }
        int length = b.getInt(pos + 4);
        if (length <= 0 || length > MAX_RECORD_BYTES || pos + RECORD_HEADER_BYTES + (long) length > b.capacity()) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), pos + 4, 4);
        crc.update(b.array(), pos + RECORD_HEADER_BYTES, length);
        return (int) crc.getValue() == b.getInt(pos + 8) ? length : -1;
    }

    /**
     * Appends one record and returns once it is on stable storage. A failed append is cut back off, so the next one
     * follows the last acknowledged record.
     *
     * @param generation the generation the journal must belong to; the file is started afresh for a new one
     * @throws IOException if it could not be made durable
     */
    void append(byte[] body, long generation) throws IOException {
        open(generation);
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_BYTES + body.length);
        record.putInt(RECORD_MAGIC).putInt(body.length);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 4, 4);
        crc.update(body);
        record.putInt((int) crc.getValue()).put(body).flip();
        try {
            long at = committedEnd;
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            // fdatasync: the data and the file size, which is all a reader needs
            channel.force(false);
            committedEnd = at;
        } catch (IOException e) {
            abandonTail();
            throw e;
        }
    }

    /**
     * Starts the journal afresh for a new generation (after a snapshot holds everything in it).
     *
     * @throws IOException if the new header is not durable; the next append tries again
     */
    void reset(long generation) throws IOException {
        headerGeneration = -1;
        if (channel == null) {
            openChannel();
        }
        try {
            channel.truncate(0);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(FILE_MAGIC).putInt(1).putLong(generation)
                    .flip();
            long at = 0;
            while (header.hasRemaining()) {
                at += channel.write(header, at);
            }
            channel.force(true);
            committedEnd = HEADER_BYTES;
            headerGeneration = generation;
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private void open(long generation) throws IOException {
        if (channel != null && headerGeneration == generation) {
            return;
        }
        if (channel == null) {
            openChannel();
        }
        if (headerGeneration != generation) {
            reset(generation);
            return;
        }
        try {
            // a torn tail found by read(), or the remains of a failed append
            if (channel.size() > committedEnd) {
                channel.truncate(committedEnd);
                channel.force(false);
            }
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private void openChannel() throws IOException {
        channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly(file));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // the journal holds session keys; also when the file was there before with other permissions
            Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
        }
    }

    /** After a failed write: cut back to the last acknowledged record, or reopen for the next append. */
    private void abandonTail() {
        try {
            channel.truncate(committedEnd);
        } catch (IOException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the channel is dropped either way; the next append reopens the file
        }
        channel = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /** @return rw------- where the file system has POSIX permissions (not on Windows, where ACLs apply) */
    static FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
    }
}
