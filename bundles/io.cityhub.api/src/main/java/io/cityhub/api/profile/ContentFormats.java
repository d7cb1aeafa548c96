package io.cityhub.api.profile;

/** CoAP Content-Format numbers (IANA registry of RFC 7252 §12.3) of the payloads cityhub accepts or sends. */
public final class ContentFormats {

    /** {@code text/plain;charset=utf-8}, RFC 7252 §12.3. */
    public static final int TEXT_PLAIN = 0;
    /** {@code application/octet-stream}, RFC 7252 §12.3. */
    public static final int OCTET_STREAM = 42;
    /** {@code application/json}, RFC 7252 §12.3. */
    public static final int JSON = 50;
    /** {@code application/senml+json} ({@link CodecIds#SENML_JSON}), RFC 8428 §12.3. */
    public static final int SENML_JSON = 110;
    /** {@code application/senml+cbor} ({@link CodecIds#SENML_CBOR}), RFC 8428 §12.3. */
    public static final int SENML_CBOR = 112;

    private ContentFormats() {
    }
}
