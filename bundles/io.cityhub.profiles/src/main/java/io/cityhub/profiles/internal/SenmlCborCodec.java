package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** SenML in CBOR with integer labels (RFC 8428 §6), media type {@value #ID}. Stateless and thread-safe. */
@Component(service = PayloadCodec.class, property = PayloadCodec.CODEC_ID + "=" + SenmlCborCodec.ID)
public final class SenmlCborCodec implements PayloadCodec {

    /** The codec id: the media type of RFC 8428 §12.3 (CBOR). */
    public static final String ID = CodecIds.SENML_CBOR;

    private final SenmlDecoder decoder = SenmlDecoder.cbor(ID);

    /** Creates the codec; it has no configuration. */
    public SenmlCborCodec() {
        // DS and tests construct it the same way
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Reading> decode(RawObservation observation) throws DecodeException {
        return decoder.decode(observation);
    }
}
