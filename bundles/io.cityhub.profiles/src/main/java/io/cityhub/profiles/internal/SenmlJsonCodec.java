package io.cityhub.profiles.internal;

import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.senml.SenmlFormat;
import org.osgi.service.component.annotations.Component;

/** SenML in JSON (RFC 8428 §5), media type {@value #ID}. Stateless and thread-safe. */
@Component(service = PayloadCodec.class, property = PayloadCodec.CODEC_ID + "=" + SenmlJsonCodec.ID)
public final class SenmlJsonCodec extends SenmlDecoder {

    /** The codec id: the media type of RFC 8428 §12.3. */
    public static final String ID = CodecIds.SENML_JSON;

    /** Creates the codec; it has no configuration. */
    public SenmlJsonCodec() {
        super(SenmlFormat.JSON);
    }
}
