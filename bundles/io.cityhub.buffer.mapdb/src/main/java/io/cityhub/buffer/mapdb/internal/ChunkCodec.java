package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A chunk is the one store record that one group commit writes per priority class: a header and N length-prefixed
 * readings. One record per class per commit keeps MapDB's per-record cost (B-tree node, WAL entry) off the
 * per-reading path, which is what makes writes per reading small on flash.
 *
 * <p>Layout of format {@value #FORMAT_V1}: format byte; priority ordinal byte; append time (8 bytes, epoch millis); min
 * and max reading epoch second (8 bytes each, for replay range pruning); count (varint); then count times (varint
 * length, {@link ReadingCodec} encoding); last, a CRC-32C of everything before it (4 bytes), so bit rot on the SD card
 * is detected instead of delivered as data.
 */
final class ChunkCodec {

    /** The format byte every chunk starts with ('C'). */
    static final int FORMAT_V1 = 0x43;
    /**
     * Chunks stay below this size so MapDB stores each one as a single contiguous record (its linked records start
     * at 64 KiB), which a salvage scan can find in a damaged file.
     */
    static final int MAX_CHUNK_BYTES = 48 * 1024;
    private static final int CRC_BYTES = 4;
    private static final Priority[] PRIORITIES = Priority.values();

    private final ReadingCodec readingCodec = new ReadingCodec();

    /**
     * What a chunk's header says.
     *
     * @param priority the class of every reading in it
     * @param stampMillis append time (outbox) or delivery time (archive)
     * @param minEpochSecond earliest reading timestamp
     * @param maxEpochSecond latest reading timestamp
     * @param count number of readings
     */
    record Header(Priority priority, long stampMillis, long minEpochSecond, long maxEpochSecond, int count) {
    }

    /**
     * What identifies a stored chunk without its sequence: its header stamp, length and checksum. The journal records
     * it with a deletion or delivery mark, so that a salvage, which finds a damaged store's chunks by their bytes
     * alone, can still tell which of them were deleted or delivered since the last checkpoint.
     *
     * @param stampMillis the header stamp, 0 if the bytes are too short to hold one
     * @param length the chunk's length in bytes
     * @param crc its last four bytes (the CRC-32C of an intact chunk), 0 if it is shorter than that
     */
    record Fingerprint(long stampMillis, int length, int crc) {

        /** @param chunk the bytes of a stored chunk, intact or not; never null */
        static Fingerprint of(byte[] chunk) {
            long stamp = 0;
            if (chunk.length >= 10) {
                for (int i = 2; i < 10; i++) {
                    stamp = stamp << 8 | chunk[i] & 0xFF;
                }
            }
            int crc = chunk.length >= CRC_BYTES ? readInt(chunk, chunk.length - CRC_BYTES) : 0;
            return new Fingerprint(stamp, chunk.length, crc);
        }
    }

    ReadingCodec readingCodec() {
        return readingCodec;
    }

    /**
     * @param priority class of the readings
     * @param stampMillis the header stamp
     * @param readings at least one
     * @return the chunk record
     */
    byte[] encode(Priority priority, long stampMillis, List<EncodedReading> readings) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        // the exact size, so the record is written into an array of its own length and never copied
        int size = 1 + 1 + 8 + 8 + 8 + ByteWriter.varLongSize(readings.size()) + 4;
        for (EncodedReading r : readings) {
            long s = r.reading().timestamp().getEpochSecond();
            min = Math.min(min, s);
            max = Math.max(max, s);
            size += ByteWriter.varLongSize(r.bytes().length) + r.bytes().length;
        }
        ByteWriter out = new ByteWriter(size);
        out.writeByte(FORMAT_V1);
        out.writeByte(priority.ordinal());
        out.writeLong(stampMillis);
        out.writeLong(min);
        out.writeLong(max);
        out.writeVarLong(readings.size());
        for (EncodedReading r : readings) {
            out.writeVarLong(r.bytes().length);
            out.writeBytes(r.bytes(), 0, r.bytes().length);
        }
        out.writeInt(0);
        byte[] chunk = out.toByteArray();
        sealCrc(chunk);
        return chunk;
    }

    /**
     * @param chunk a chunk record
     * @return its header
     * @throws CorruptRecordException if it is not a chunk in a known format
     */
    Header header(byte[] chunk) throws CorruptRecordException {
        return readHeader(verified(chunk));
    }

    /**
     * @param chunk a chunk record
     * @return every reading in it, in append order
     * @throws CorruptRecordException if the chunk or any reading in it is damaged
     */
    List<Reading> decode(byte[] chunk) throws CorruptRecordException {
        ByteReader in = verified(chunk);
        Header header = readHeader(in);
        List<Reading> readings = new ArrayList<>(header.count());
        for (int i = 0; i < header.count(); i++) {
            int len = in.readLength();
            Reading r = readingCodec.decode(chunk, in.position(), len);
            if (r.priority() != header.priority()) {
                throw new CorruptRecordException(
                        "reading " + i + " is " + r.priority() + " in a " + header.priority() + " chunk");
            }
            readings.add(r);
            in.skip(len);
        }
        if (in.remaining() != 0) {
            throw new CorruptRecordException(in.remaining() + " bytes after the last reading of the chunk");
        }
        return readings;
    }

    private static void sealCrc(byte[] chunk) {
        int crc = crc(chunk);
        int at = chunk.length - CRC_BYTES;
        chunk[at] = (byte) (crc >>> 24);
        chunk[at + 1] = (byte) (crc >>> 16);
        chunk[at + 2] = (byte) (crc >>> 8);
        chunk[at + 3] = (byte) crc;
    }

    private static int crc(byte[] chunk) {
        CRC32C crc = new CRC32C();
        crc.update(chunk, 0, chunk.length - CRC_BYTES);
        return (int) crc.getValue();
    }

    /** @return a reader over the chunk without its checksum, once the checksum matched */
    private static ByteReader verified(byte[] chunk) throws CorruptRecordException {
        if (chunk.length < CRC_BYTES + 1) {
            throw new CorruptRecordException("chunk of " + chunk.length + " bytes is too short");
        }
        int at = chunk.length - CRC_BYTES;
        if (readInt(chunk, at) != crc(chunk)) {
            throw new CorruptRecordException("chunk checksum mismatch");
        }
        return new ByteReader(chunk, 0, at);
    }

    /**
     * Finds where a chunk that starts at {@code offset} of a raw file image ends, by walking its length prefixes and
     * checking its checksum. Used only to salvage chunks from a store MapDB cannot open.
     *
     * @return the chunk's length, or -1 if no valid chunk starts there
     */
    static int chunkLengthAt(byte[] image, int offset, int limit) {
        try {
            ByteReader in = new ByteReader(image, offset, Math.min(limit - offset, MAX_CHUNK_BYTES * 4));
            readHeaderOnly(in);
            long count = in.readVarLong();
            if (count < 1 || count > in.remaining() / 2) {
                return -1;
            }
            for (long i = 0; i < count; i++) {
                in.skip(in.readLength());
            }
            int end = in.position();
            if (end + CRC_BYTES > offset + Math.min(limit - offset, MAX_CHUNK_BYTES * 4)) {
                return -1;
            }
            CRC32C crc = new CRC32C();
            crc.update(image, offset, end - offset);
            return readInt(image, end) == (int) crc.getValue() ? end + CRC_BYTES - offset : -1;
        } catch (CorruptRecordException e) {
            return -1;
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    /**
     * @param chunk a chunk record
     * @param keep positions to keep
     * @param stampMillis the new header stamp
     * @return a chunk of the kept readings, or null when none is kept
     * @throws CorruptRecordException if the chunk is damaged
     */
    byte[] subset(byte[] chunk, BitSet keep, long stampMillis) throws CorruptRecordException {
        List<Reading> all = decode(chunk);
        List<EncodedReading> kept = new ArrayList<>();
        for (int i = keep.nextSetBit(0); i >= 0 && i < all.size(); i = keep.nextSetBit(i + 1)) {
            kept.add(new EncodedReading(all.get(i), readingCodec.encode(all.get(i))));
        }
        return kept.isEmpty() ? null : encode(all.get(0).priority(), stampMillis, kept);
    }

    private static void readHeaderOnly(ByteReader in) throws CorruptRecordException {
        int format = in.readByte();
        if (format != FORMAT_V1 || in.readByte() >= PRIORITIES.length) {
            throw new CorruptRecordException("no chunk header");
        }
        in.skip(24);
    }

    private static Header readHeader(ByteReader in) throws CorruptRecordException {
        int format = in.readByte();
        if (format != FORMAT_V1) {
            throw new CorruptRecordException("unknown chunk format " + format);
        }
        int priority = in.readByte();
        if (priority >= PRIORITIES.length) {
            throw new CorruptRecordException("unknown priority ordinal " + priority);
        }
        long stamp = in.readLong();
        long min = in.readLong();
        long max = in.readLong();
        long count = in.readVarLong();
        // every reading takes at least 2 bytes (length + format), so a larger count is garbage
        if (count < 1 || count > in.remaining() / 2) {
            throw new CorruptRecordException("implausible reading count " + count);
        }
        return new Header(PRIORITIES[priority], stamp, min, max, (int) count);
    }
}
