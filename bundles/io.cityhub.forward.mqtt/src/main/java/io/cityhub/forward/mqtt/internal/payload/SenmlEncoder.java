package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import io.cityhub.profiles.senml.SenmlFormat;
import io.cityhub.profiles.senml.SenmlPackWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * SenML packs of one sensor's readings, JSON (RFC 8428 §5, {@code [{"bn":"<sensor>/","n":...},{"n":...},...]}) or
 * CBOR (§6), written by the shared SenML package of {@code io.cityhub.profiles}. The first record of every pack
 * carries the base name.
 */
public final class SenmlEncoder implements PayloadEncoder {

    private final SenmlFormat format;

    /** @param format JSON or CBOR */
    public SenmlEncoder(SenmlFormat format) {
        this.format = format;
    }

    @Override
    public List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes) {
        String baseName = ReadingRecords.baseName(sensorId);
        List<EncodedPayload> payloads = new ArrayList<>(2);
        SenmlPackWriter pack = format.newPackWriter();
        for (Reading reading : readings) {
            boolean first = pack.count() == 0;
            int size = pack.add(ReadingRecords.of(reading, first ? baseName : null));
            if (!first && size > maxBytes) {
                // the reading opens the next pack, with the base name again; a single reading larger than the
                // bound travels alone
                pack.removeLast();
                payloads.add(finish(pack));
                pack.add(ReadingRecords.of(reading, baseName));
            }
        }
        payloads.add(finish(pack));
        return payloads;
    }

    private static EncodedPayload finish(SenmlPackWriter pack) {
        int count = pack.count();
        return new EncodedPayload(pack.finish(), count);
    }
}
