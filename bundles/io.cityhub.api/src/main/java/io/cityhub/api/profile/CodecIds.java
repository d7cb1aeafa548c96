package io.cityhub.api.profile;

/**
 * The ids of the codecs cityhub ships ({@link PayloadCodec#id()}, service property {@value PayloadCodec#CODEC_ID}),
 * so that a transport naming a codec in a {@link io.cityhub.api.ingest.RawObservation} spells it the same way as the
 * bundle that registers it. SenML codecs are named by their media type (RFC 8428 §12.3).
 */
public final class CodecIds {

    /** SenML in JSON, RFC 8428 §5. */
    public static final String SENML_JSON = "application/senml+json";
    /** SenML in CBOR, RFC 8428 §6 (integer labels). */
    public static final String SENML_CBOR = "application/senml+cbor";
    /** Cayenne Low Power Payload (channel, type, big-endian value per entry). */
    public static final String CAYENNE_LPP = "cayenne-lpp";

    private CodecIds() {
    }
}
