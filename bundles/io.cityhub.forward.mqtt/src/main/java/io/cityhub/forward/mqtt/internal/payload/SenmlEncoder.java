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

    /**
     * One pack writer per calling thread (the drain thread, a replay), reused from message to message: setting one
     * up (its buffers, the JSON generator) cost more than writing a one-reading pack. A writer left part-way by a
     * failure is dropped, never reused.
     */
    private final ThreadLocal<SenmlPackWriter> writers;

    /** @param format JSON or CBOR */
    public SenmlEncoder(SenmlFormat format) {
        this.writers = ThreadLocal.withInitial(format::newPackWriter);
    }

    @Override
    public List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes) {
        String baseName = ReadingRecords.baseName(sensorId);
        List<EncodedPayload> payloads = new ArrayList<>(2);
        SenmlPackWriter pack = writers.get();
        boolean done = false;
        try {
            encodeInto(pack, baseName, readings, maxBytes, payloads);
            done = true;
        } finally {
            if (!done) {
                writers.remove();
            }
        }
        return payloads;
    }

    private static void encodeInto(SenmlPackWriter pack, String baseName, List<Reading> readings, int maxBytes,
            List<EncodedPayload> payloads) {
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
    }

    private static EncodedPayload finish(SenmlPackWriter pack) {
        int count = pack.count();
        return new EncodedPayload(pack.finish(), count);
    }
}
