package io.cityhub.profiles.senml;

import java.util.Base64;

/**
 * SenML CBOR packs (RFC 8428 §6): a definite-length array of maps with the integer labels of table 4 for the fields
 * of {@link SenmlLabel} and text labels for extension fields. The records are collected first, because the array's
 * head holds their count.
 */
final class CborPackWriter implements SenmlPackWriter {

    private final CborWriter records = new CborWriter(1024);
    private int count;
    private int beforeLast = -1;

    @Override
    public int add(SenmlRecord record) {
        beforeLast = records.size();
        write(record, records);
        count++;
        return size();
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int size() {
        return CborWriter.headerLength(count) + records.size();
    }

    @Override
    public void removeLast() {
        if (beforeLast < 0) {
            throw new IllegalStateException("no record to take back");
        }
        records.truncate(beforeLast);
        beforeLast = -1;
        count--;
    }

    @Override
    public byte[] finish() {
        if (count == 0) {
            throw new IllegalStateException("a SenML pack holds at least one record (RFC 8428 §4)");
        }
        CborWriter pack = new CborWriter(size());
        pack.arrayHeader(count).raw(records.buffer(), 0, records.size());
        records.truncate(0);
        count = 0;
        beforeLast = -1;
        return pack.toByteArray();
    }

    /** Writes one record as a CBOR map. */
    static void write(SenmlRecord record, CborWriter cbor) {
        cbor.mapHeader(record.size());
        for (int i = 0; i < record.size(); i++) {
            String label = record.label(i);
            // RFC 8428 §6: the labels of table 4 as their integers, any other label as a text key
            SenmlLabel known = SenmlLabel.ofJson(label).orElse(null);
            if (known != null) {
                cbor.integer(known.cbor());
            } else {
                cbor.text(label);
            }
            Object value = record.value(i);
            if (known == SenmlLabel.DATA_VALUE) {
                // §6: a data value is a byte string in CBOR (base64url text in JSON and in the record)
                cbor.bytes(Base64.getUrlDecoder().decode((String) value));
            } else if (value instanceof String text) {
                cbor.text(text);
            } else if (value instanceof Boolean flag) {
                cbor.bool(flag);
            } else if (value instanceof Long integer) {
                cbor.integer(integer);
            } else {
                cbor.number((Double) value);
            }
        }
    }
}
