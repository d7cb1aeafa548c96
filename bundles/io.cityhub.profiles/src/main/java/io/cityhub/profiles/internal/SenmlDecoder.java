package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.senml.SenmlException;
import io.cityhub.profiles.senml.SenmlFormat;
import io.cityhub.profiles.senml.SenmlRecord;
import java.util.List;

/**
 * A SenML codec: reads a pack in one representation (the shared {@link SenmlFormat}) and resolves it into readings.
 * The JSON and CBOR codec components differ only by their format. Stateless and thread-safe.
 */
abstract class SenmlDecoder implements PayloadCodec {

    private final SenmlFormat format;
    private final SenmlResolver resolver;

    SenmlDecoder(SenmlFormat format) {
        this.format = format;
        this.resolver = new SenmlResolver(format.mediaType());
    }

    /** @return the media type of RFC 8428 §12.3, the codec id */
    @Override
    public final String id() {
        return format.mediaType();
    }

    @Override
    public final List<Reading> decode(RawObservation observation) throws DecodeException {
        List<SenmlRecord> records;
        try {
            records = format.read(observation.payload());
        } catch (SenmlException e) {
            throw new DecodeException(id(), e.getMessage());
        }
        return resolver.resolve(records, observation);
    }
}
