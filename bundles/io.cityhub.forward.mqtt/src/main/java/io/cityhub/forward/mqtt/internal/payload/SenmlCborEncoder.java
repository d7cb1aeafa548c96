package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import java.util.ArrayList;
import java.util.List;

/** SenML CBOR packs (RFC 8428 §6): a definite-length array of maps with the integer labels of Table 4. */
final class SenmlCborEncoder implements PayloadEncoder {

    @Override
    public List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes) {
        String baseName = ReadingRecords.baseName(sensorId);
        List<EncodedPayload> payloads = new ArrayList<>(2);
        List<byte[]> records = new ArrayList<>(readings.size());
        int recordBytes = 0;
        for (Reading reading : readings) {
            byte[] record = record(reading, records.isEmpty() ? baseName : null);
            int next = CborWriter.headerLength(records.size() + 1) + recordBytes + record.length;
            if (!records.isEmpty() && next > maxBytes) {
                payloads.add(pack(records, recordBytes));
                records.clear();
                recordBytes = 0;
                record = record(reading, baseName);
            }
            recordBytes += record.length;
            records.add(record);
        }
        payloads.add(pack(records, recordBytes));
        return payloads;
    }

    private static byte[] record(Reading reading, String baseName) {
        CborWriter cbor = new CborWriter(96);
        ReadingRecords.of(reading, baseName).writeCbor(cbor);
        return cbor.toByteArray();
    }

    private static EncodedPayload pack(List<byte[]> records, int recordBytes) {
        CborWriter cbor = new CborWriter(recordBytes + 5);
        cbor.arrayHeader(records.size());
        for (byte[] record : records) {
            cbor.raw(record);
        }
        return new EncodedPayload(cbor.toByteArray(), records.size());
    }
}
