package io.cityhub.profiles.senml;

/**
 * What both pack writers share: the records are written one after the other into a buffer that can forget its tail,
 * so the record added last can be taken back; the pack's framing (JSON brackets, the CBOR array head with its count)
 * is added at {@link #finish()}, by the subclass.
 */
abstract class BufferedPackWriter implements SenmlPackWriter {

    /** The records written so far, with whatever a representation puts between them. */
    final PackBuffer records = new PackBuffer(1024);
    private int count;
    private int beforeLast = -1;

    /**
     * Writes one record at the end of {@link #records}.
     *
     * @param first whether it is the pack's first record
     */
    abstract void writeRecord(SenmlRecord record, boolean first);

    /** @return the bytes the framing adds to {@link #records} for a pack of {@code count} records */
    abstract int framing(int count);

    /** @return the finished pack: the framing around {@link #records} */
    abstract byte[] frame(int count);

    @Override
    public final int add(SenmlRecord record) {
        int before = records.size();
        try {
            writeRecord(record, count == 0);
        } catch (RuntimeException e) {
            records.truncate(before);
            throw e;
        }
        beforeLast = before;
        count++;
        return size();
    }

    @Override
    public final int count() {
        return count;
    }

    @Override
    public final int size() {
        return framing(count) + records.size();
    }

    @Override
    public final void removeLast() {
        if (beforeLast < 0) {
            throw new IllegalStateException("no record to take back");
        }
        records.truncate(beforeLast);
        beforeLast = -1;
        count--;
    }

    @Override
    public final byte[] finish() {
        if (count == 0) {
            throw new IllegalStateException("a SenML pack holds at least one record (RFC 8428 §4)");
        }
        byte[] pack = frame(count);
        records.reset();
        count = 0;
        beforeLast = -1;
        return pack;
    }
}
