package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.profiles.senml.SenmlException;
import io.cityhub.profiles.senml.SenmlFormat;
import io.cityhub.profiles.senml.SenmlRecord;
import java.util.List;

/** Reads and resolves one SenML representation; shared by the JSON and CBOR codec components. */
final class SenmlDecoder {

    private final String codecId;
    private final SenmlFormat format;
    private final SenmlResolver resolver;

    private SenmlDecoder(String codecId, SenmlFormat format) {
        this.codecId = codecId;
        this.format = format;
        this.resolver = new SenmlResolver(codecId);
    }

    /** @return a decoder for {@code application/senml+json} (RFC 8428 §5) */
    static SenmlDecoder json(String codecId) {
        return new SenmlDecoder(codecId, SenmlFormat.JSON);
    }

    /** @return a decoder for {@code application/senml+cbor} (RFC 8428 §6) */
    static SenmlDecoder cbor(String codecId) {
        return new SenmlDecoder(codecId, SenmlFormat.CBOR);
    }

    List<Reading> decode(RawObservation observation) throws DecodeException {
        List<SenmlRecord> records;
        try {
            records = format.read(observation.payload());
        } catch (SenmlException e) {
            throw new DecodeException(codecId, e.getMessage());
        }
        return resolver.resolve(records, observation);
    }
}
