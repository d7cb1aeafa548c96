package io.cityhub.profiles.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.ContentFormats;
import java.io.IOException;
import java.util.List;

/**
 * The two SenML representations cityhub reads and writes: {@link #JSON} (RFC 8428 §5) and {@link #CBOR} (§6). Reading
 * is Jackson's streaming parser (JSON) and its CBOR data format, embedded privately in this bundle; writing JSON is
 * Jackson's streaming generator, writing CBOR a small writer of our own (it writes the shortest exact float, as
 * RFC 8428 §6's example does; Jackson's CBOR generator cannot). Thread-safe.
 */
public enum SenmlFormat {

    /** {@code application/senml+json}, CoAP Content-Format 110. */
    JSON(CodecIds.SENML_JSON, ContentFormats.SENML_JSON),

    /** {@code application/senml+cbor}, CoAP Content-Format 112; labels of table 4 as integers. */
    CBOR(CodecIds.SENML_CBOR, ContentFormats.SENML_CBOR);

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

    private final String mediaType;
    private final int contentFormat;

    SenmlFormat(String mediaType, int contentFormat) {
        this.mediaType = mediaType;
        this.contentFormat = contentFormat;
    }

    /** @return the media type of RFC 8428 §12.3, e.g. {@code application/senml+json} (also the codec id) */
    public String mediaType() {
        return mediaType;
    }

    /** @return the CoAP Content-Format number of RFC 8428 §12.3.1 */
    public int contentFormat() {
        return contentFormat;
    }

    /**
     * Reads a pack. Malformed input of any kind (not a pack, truncated, trailing data, wrong field types, duplicate
     * labels, non-finite or too long numbers, nesting deeper than 16, strings over 64 KiB, more than 10,000 records,
     * invalid UTF-8, a must-understand label) is a {@link SenmlException}; nothing else escapes for bad bytes.
     * Base fields are not resolved: that is the reader's business (RFC 8428 §4.6).
     *
     * @param payload the bytes, not null
     * @return the records in pack order, at least one; the fields of the label table and the text, boolean and number
     *     extension fields
     * @throws SenmlException if the payload is not a well-formed pack; the message says what and where
     */
    public List<SenmlRecord> read(byte[] payload) throws SenmlException {
        try (JsonParser parser = Factories.of(this).createParser(payload)) {
            return (this == JSON ? SenmlPackParser.JSON : SenmlPackParser.CBOR).read(parser);
        } catch (IOException e) {
            // Jackson reports syntax errors, truncation and constraint violations as IOException subtypes
            throw new SenmlException("malformed payload: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // nothing but SenmlException for bad input, whatever the bytes; this guards against an unchecked
            // exception from a corner of the third-party parser
            throw new SenmlException("parser failed on the payload: " + e);
        }
    }

    /** @return a new writer of packs in this representation */
    public SenmlPackWriter newPackWriter() {
        return this == JSON ? new JsonPackWriter() : new CborPackWriter();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The parser factories, immutable and thread-safe once built. */
    private static final class Factories {

        private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
                .streamReadConstraints(LIMITS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        private static final JsonFactory CBOR_FACTORY = CBORFactory.builder().streamReadConstraints(LIMITS).build();

        static JsonFactory of(SenmlFormat format) {
            return format == JSON ? JSON_FACTORY : CBOR_FACTORY;
        }
    }
}
