package io.cityhub.profiles.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import java.io.IOException;
import java.util.List;

/** Parses and resolves one SenML representation; shared by the JSON and CBOR codec components. */
final class SenmlDecoder {

    /**
     * A SenML pack is an array of flat maps, so anything nested deeper than a few levels is an attack or garbage;
     * numbers longer than 64 characters cannot be a measurement.
     */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxNumberLength(64)
            .maxStringLength(65_536)
            .maxNameLength(1_024)
            .build();

    private final String codecId;
    private final JsonFactory factory;
    private final SenmlPackReader reader;
    private final SenmlResolver resolver;

    private SenmlDecoder(String codecId, JsonFactory factory, SenmlLabels labels) {
        this.codecId = codecId;
        this.factory = factory;
        this.reader = new SenmlPackReader(codecId, labels);
        this.resolver = new SenmlResolver(codecId);
    }

    /** @return a decoder for {@code application/senml+json} (RFC 8428 §5) */
    static SenmlDecoder json(String codecId) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(LIMITS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new SenmlDecoder(codecId, factory, SenmlLabels.JSON);
    }

    /** @return a decoder for {@code application/senml+cbor} (RFC 8428 §6) */
    static SenmlDecoder cbor(String codecId) {
        CBORFactory factory = CBORFactory.builder().streamReadConstraints(LIMITS).build();
        return new SenmlDecoder(codecId, factory, SenmlLabels.CBOR);
    }

    List<Reading> decode(RawObservation observation) throws DecodeException {
        List<SenmlRecord> records;
        try (JsonParser parser = factory.createParser(observation.payload())) {
            records = reader.read(parser);
        } catch (IOException e) {
            // Jackson reports syntax errors, truncation and constraint violations as IOException subtypes
            throw new DecodeException(codecId, "malformed payload: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // PayloadCodec's contract: nothing but DecodeException for bad input, whatever the bytes; this guards
            // against an unchecked exception from a corner of the third-party parser
            throw new DecodeException(codecId, "parser failed on the payload: " + e);
        }
        return resolver.resolve(records, observation);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
