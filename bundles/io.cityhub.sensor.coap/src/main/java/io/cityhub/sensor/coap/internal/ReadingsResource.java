package io.cityhub.sensor.coap.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.BufferException;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /readings} and {@code POST /readings/{sensorId}}: hands the payload to ingest and answers only when
 * ingest's stage completed, i.e. once the readings are durable.
 */
final class ReadingsResource extends CoapResource {

    /** RFC 8428 §12.3: CoAP Content-Format of application/senml+json. */
    static final int SENML_JSON = 110;
    /** RFC 8428 §12.3: CoAP Content-Format of application/senml+cbor. */
    static final int SENML_CBOR = 112;
    /** RFC 7252 §12.3: application/json, taken as SenML JSON for simple devices. */
    static final int JSON = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ReadingsResource.class);
    /** CoAP messages are small; a diagnostic payload must not push a response into blockwise transfer. */
    private static final int MAX_DIAGNOSTIC_CHARS = 200;

    private final ObservationSink sink;
    private final Supplier<CoapOptions> options;
    private final Clock clock;
    private final CoapCounters counters;

    /** @param options the current options, read per request so a changed limit applies at once */
    ReadingsResource(ObservationSink sink, Supplier<CoapOptions> options, Clock clock, CoapCounters counters) {
        super("readings");
        getAttributes().setTitle("SenML readings");
        getAttributes().addContentType(SENML_JSON);
        getAttributes().addContentType(SENML_CBOR);
        this.sink = sink;
        this.options = options;
        this.clock = clock;
        this.counters = counters;
    }

    /** Every path below /readings comes here; {@link #handlePOST} accepts exactly one segment, the sensor id. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        counters.requests.increment();
        List<String> path = exchange.getRequestOptions().getUriPath();
        if (path.size() > 2 || path.size() == 2 && path.get(1).isBlank()) {
            exchange.respond(ResponseCode.NOT_FOUND, "use /readings or /readings/{sensorId}");
            return;
        }
        String sensorId = path.size() == 2 ? path.get(1) : null;
        String codecId = codecOf(exchange.getRequestOptions().getContentFormat());
        if (codecId == null) {
            exchange.respond(ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                    "use Content-Format 110 (senml+json), 112 (senml+cbor) or 50 (json)");
            return;
        }
        CoapOptions current = options.get();
        byte[] payload = exchange.getRequestPayload();
        if (payload.length > current.maxPayloadBytes()) {
            Response response = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            // RFC 7959 §2.9.3: Size1 tells the client the largest body the server takes
            response.getOptions().setSize1(current.maxPayloadBytes());
            response.setPayload("payload above " + current.maxPayloadBytes() + " bytes");
            exchange.respond(response);
            return;
        }
        InetSocketAddress remote = exchange.getSourceSocketAddress();
        RawObservation observation = new RawObservation(sensorId, codecId, payload, clock.instant(),
                current.receiveClock(), Priority.TELEMETRY,
                new SourceMetadata("coap", null, null, Map.of("remote", String.valueOf(remote))));
        // the empty ACK now stops the sensor's retransmissions while the outbox commits; the answer follows as a
        // separate response (RFC 7252 §5.2.2) from whichever thread completes the stage, so no thread waits
        exchange.accept();
        CompletionStage<IngestReceipt> stage;
        try {
            stage = sink.submit(observation);
        } catch (RuntimeException e) {
            // a failing collaborator must not leave the sensor without an answer
            respondFailure(exchange, e);
            return;
        }
        stage.whenComplete((receipt, failure) -> {
            if (failure == null) {
                respondReceipt(exchange, receipt);
            } else {
                respondFailure(exchange, failure);
            }
        });
    }

    private void respondReceipt(CoapExchange exchange, IngestReceipt receipt) {
        counters.readingsAccepted.add(receipt.accepted());
        counters.readingsRejected.add(receipt.rejected().size());
        StringBuilder text = new StringBuilder()
                .append("accepted=").append(receipt.accepted())
                .append(" filtered=").append(receipt.filtered())
                .append(" rejected=").append(receipt.rejected().size());
        if (!receipt.rejected().isEmpty()) {
            text.append(" first: ").append(receipt.rejected().get(0));
        }
        exchange.respond(ResponseCode.CHANGED, truncate(text.toString()), MediaTypeRegistry.TEXT_PLAIN);
    }

    private void respondFailure(CoapExchange exchange, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof DecodeException) {
            // RFC 7252 §5.5.2: diagnostic payload, UTF-8 text, no Content-Format
            exchange.respond(ResponseCode.BAD_REQUEST, truncate(cause.getMessage()));
        } else if (cause instanceof BufferException) {
            Response response = new Response(ResponseCode.SERVICE_UNAVAILABLE);
            // RFC 7252 §5.9.3.4: Max-Age says after how many seconds the sensor may retry
            response.getOptions().setMaxAge(options.get().busyMaxAgeSeconds());
            response.setPayload(truncate("outbox refuses readings: " + cause.getMessage()));
            exchange.respond(response);
        } else {
            LOG.warn("Ingest failed unexpectedly for a CoAP request", cause);
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "ingest failed");
        }
    }

    private static String codecOf(int contentFormat) {
        return switch (contentFormat) {
            case SENML_JSON, JSON -> "application/senml+json";
            case SENML_CBOR -> "application/senml+cbor";
            default -> null;
        };
    }

    private static String truncate(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_DIAGNOSTIC_CHARS ? t : t.substring(0, MAX_DIAGNOSTIC_CHARS) + "...";
    }

}
