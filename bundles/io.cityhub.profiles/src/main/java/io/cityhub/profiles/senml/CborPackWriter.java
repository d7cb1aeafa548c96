package io.cityhub.profiles.senml;

import java.util.Base64;

/**
 * SenML CBOR packs (RFC 8428 §6): a definite-length array of maps with the integer labels of table 4 for the fields
 * of {@link SenmlLabel} and text labels for extension fields. The array's head holds the record count, so it is
 * written when the pack is finished.
 */
final class CborPackWriter extends BufferedPackWriter {

    private final CborWriter cbor = new CborWriter(records);

    @Override
    void writeRecord(SenmlRecord record, boolean first) {
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

    @Override
    int framing(int count) {
        return CborWriter.headerLength(count);
    }

    @Override
    byte[] frame(int count) {
        PackBuffer pack = new PackBuffer(framing(count) + records.size());
        new CborWriter(pack).arrayHeader(count);
        records.copyTo(pack);
        return pack.toByteArray();
    }
}
