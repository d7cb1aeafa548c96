package io.cityhub.profiles.internal;

import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.senml.SenmlFormat;
import org.osgi.service.component.annotations.Component;

/** SenML in CBOR with integer labels (RFC 8428 §6), media type {@value #ID}. Stateless and thread-safe. */
@Component(service = PayloadCodec.class, property = PayloadCodec.CODEC_ID + "=" + SenmlCborCodec.ID)
public final class SenmlCborCodec extends SenmlDecoder {

    /** The codec id: the media type of RFC 8428 §12.3 (CBOR). */
    public static final String ID = CodecIds.SENML_CBOR;

    /** Creates the codec; it has no configuration. */
    public SenmlCborCodec() {
        super(SenmlFormat.CBOR);
    }
}
