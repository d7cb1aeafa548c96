package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SenML JSON packs (RFC 8428 §5): {@code [ {"bn":"<sensor>/","n":...}, {"n":...}, ... ]}. */
public final class SenmlJsonEncoder implements PayloadEncoder {

    @Override
    public List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes) {
        String baseName = ReadingRecords.baseName(sensorId);
        List<EncodedPayload> payloads = new ArrayList<>(2);
        List<byte[]> records = new ArrayList<>(readings.size());
        int size = 2; // the brackets
        for (Reading reading : readings) {
            byte[] record = record(reading, records.isEmpty() ? baseName : null);
            if (!records.isEmpty() && size + 1 + record.length > maxBytes) {
                payloads.add(pack(records, size));
                records.clear();
                size = 2;
                record = record(reading, baseName);
            }
            size += (records.isEmpty() ? 0 : 1) + record.length;
            records.add(record);
        }
        payloads.add(pack(records, size));
        return payloads;
    }

    static byte[] record(Reading reading, String baseName) {
        JsonWriter json = new JsonWriter(160);
        ReadingRecords.of(reading, baseName).writeJson(json);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static EncodedPayload pack(List<byte[]> records, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(records.get(i));
        }
        out.write(']');
        return new EncodedPayload(out.toByteArray(), records.size());
    }
}
