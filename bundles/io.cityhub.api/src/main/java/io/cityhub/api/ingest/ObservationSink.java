package io.cityhub.api.ingest;

import io.cityhub.api.Reading;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Ingest, as sources see it: decode, validate, filter and make durable. Sources acknowledge their device
 * (CoAP response, LoRaWAN ACK) only when the returned stage completes normally.
 *
 * <p>The stage completes exceptionally with {@link io.cityhub.api.profile.DecodeException} when the payload does
 * not decode, with {@link io.cityhub.api.buffer.BufferFullException} or
 * {@link io.cityhub.api.buffer.BufferUnavailableException} when the outbox cannot take the readings; nothing is
 * durable then, and the device should retry later.
 */
@ProviderType
public interface ObservationSink {

    /**
     * Submits readings a source has already decoded (GPIO, traffic controller, SenML decoded at the edge).
     *
     * @param readings the readings, not null
     * @return completes once every accepted reading is durable
     */
    CompletionStage<IngestReceipt> submit(List<Reading> readings);

    /**
     * Submits raw bytes to be decoded with the codec the observation names.
     *
     * @param observation the bytes and their context, not null
     * @return completes once every accepted reading is durable
     */
    CompletionStage<IngestReceipt> submit(RawObservation observation);
}
