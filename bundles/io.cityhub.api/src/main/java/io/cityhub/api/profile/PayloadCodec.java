package io.cityhub.api.profile;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a device's bytes into readings. Registered as a service with the property {@value #CODEC_ID} equal to
 * {@link #id()}; ingest picks the codec a {@link RawObservation} names.
 *
 * <p>Implementations are pure and thread-safe, and must never throw anything but {@link DecodeException} for
 * bad input, whatever the bytes.
 */
@ConsumerType
public interface PayloadCodec {

    /** Service property naming the codec. */
    String CODEC_ID = "cityhub.codec.id";

    /** @return the codec id, e.g. {@code application/senml+json} or {@code cayenne-lpp}; never null */
    String id();

    /**
     * @param observation the bytes and their context, not null
     * @return the readings, possibly empty, never null
     * @throws DecodeException if the bytes are not a valid payload for this codec
     */
    List<Reading> decode(RawObservation observation) throws DecodeException;
}
