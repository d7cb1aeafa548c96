package io.cityhub.sensor.coap.internal;

import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.BufferException;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.profile.ContentFormats;
import io.cityhub.api.profile.DecodeException;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
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
 * {@code POST /readings} and {@code POST /readings/{sensorId}}: decides who speaks (a DTLS identity speaks only for
 * its own sensor), applies the rate limit and the body limit, hands the payload to ingest and answers only when
 * ingest's stage completed, i.e. once the readings are durable.
 */
final class ReadingsResource extends CoapResource {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingsResource.class);
    /** CoAP messages are small; a diagnostic payload must not push a response into blockwise transfer. */
    private static final int MAX_DIAGNOSTIC_CHARS = 200;

    private final Supplier<CoapOptions> options;
    private final Supplier<SilenceWatch.Stamp> clock;
    private final CoapCounters counters;
    private final DeviceDirectory devices;
    private final PayloadRouter router;
    private final RateLimiter limiter;
    private final SilenceWatch silence;
    private final ScheduledExecutorService timer;

    /**
     * @param options the current options, read per request so a changed limit applies at once
     * @param timer sends the empty ACK of a request whose answer takes longer than the ACK delay
     */
    ReadingsResource(Supplier<CoapOptions> options, Supplier<SilenceWatch.Stamp> clock, CoapCounters counters,
            DeviceDirectory devices, PayloadRouter router, RateLimiter limiter, SilenceWatch silence,
            ScheduledExecutorService timer) {
        super("readings");
        getAttributes().setTitle("SenML readings");
        getAttributes().addContentType(ContentFormats.SENML_JSON);
        getAttributes().addContentType(ContentFormats.SENML_CBOR);
        this.options = options;
        this.clock = clock;
        this.counters = counters;
        this.devices = devices;
        this.router = router;
        this.limiter = limiter;
        this.silence = silence;
        this.timer = timer;
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
        String pathSensor = path.size() == 2 ? path.get(1) : null;
        Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        String sensorId;
        Map<String, String> attributes = new HashMap<>();
        attributes.put("remote", String.valueOf(exchange.getSourceSocketAddress()));
        if (peer != null) {
            Optional<CoapDeviceOptions> device = devices.byPrincipal(peer);
            if (device.isEmpty()) {
                // the device was removed after its handshake; its session must not post any more
                exchange.respond(ResponseCode.UNAUTHORIZED, "identity no longer configured");
                return;
            }
            sensorId = device.get().sensorId();
            if (pathSensor != null && !pathSensor.equals(sensorId)) {
                exchange.respond(ResponseCode.FORBIDDEN, truncate("identity " + DeviceDirectory.describe(peer)
                        + " posts only as " + sensorId));
                return;
            }
            attributes.put("dtls.identity", DeviceDirectory.describe(peer));
        } else {
            sensorId = pathSensor;
            if (sensorId != null && devices.bySensor(sensorId).map(CoapDeviceOptions::usesDtls).orElse(false)) {
                exchange.respond(ResponseCode.UNAUTHORIZED, truncate(sensorId + " posts only over DTLS"));
                return;
            }
        }
        CoapOptions current = options.get();
        if (current.rateLimitPerMinute() > 0) {
            String sender = sensorId != null
                    ? sensorId
                    : String.valueOf(exchange.getSourceSocketAddress().getAddress());
            long waitSeconds = limiter.acquire(sender, current.rateLimitPerMinute(), current.rateLimitBurst());
            if (waitSeconds > 0) {
                Response response = new Response(ResponseCode.TOO_MANY_REQUESTS);
                // RFC 8516 §3: Max-Age says after how many seconds the client may send again
                response.getOptions().setMaxAge(waitSeconds);
                response.setPayload("rate limit " + current.rateLimitPerMinute() + "/min exceeded");
                exchange.respond(response);
                return;
            }
        }
        if (sensorId != null) {
            silence.heard(sensorId);
        }
        byte[] payload = exchange.getRequestPayload();
        SilenceWatch.Stamp stamp = clock.get();
        PayloadRouter.Route route = router.route(sensorId, exchange.getRequestOptions().getContentFormat(), payload,
                stamp, new SourceMetadata("coap", null, null, attributes));
        if (route instanceof PayloadRouter.Refuse refuse) {
            exchange.respond(refuse.unsupportedFormat() ? ResponseCode.UNSUPPORTED_CONTENT_FORMAT
                    : ResponseCode.BAD_REQUEST, truncate(refuse.reason()));
            return;
        }
        if (payload.length > current.maxPayloadBytes()) {
            Response response = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            // RFC 7959 §2.9.3: Size1 tells the client the largest body the server takes
            response.getOptions().setSize1(current.maxPayloadBytes());
            response.setPayload("payload above " + current.maxPayloadBytes() + " bytes");
            exchange.respond(response);
            return;
        }
        // the answer waits for the outbox; it rides on the ACK if it comes within the ACK delay, else an empty ACK
        // stops the sensor's retransmissions and the answer follows separately, from whichever thread completes
        // the stage, so no thread waits
        DeferredAnswer answer = DeferredAnswer.start(exchange, current.ackDelayMillis(), timer, counters);
        CompletionStage<IngestReceipt> stage;
        try {
            stage = ((PayloadRouter.Submit) route).submission().get();
        } catch (RuntimeException e) {
            // a failing collaborator must not leave the sensor without an answer
            answer.respond(failure(e));
            return;
        }
        stage.whenComplete((receipt, failure) -> answer.respond(failure == null ? receipt(receipt) : failure(failure)));
    }

    private Response receipt(IngestReceipt receipt) {
        counters.readingsAccepted.add(receipt.accepted());
        counters.readingsRejected.add(receipt.rejected().size());
        StringBuilder text = new StringBuilder()
                .append("accepted=").append(receipt.accepted())
                .append(" filtered=").append(receipt.filtered())
                .append(" rejected=").append(receipt.rejected().size());
        if (!receipt.rejected().isEmpty()) {
            text.append(" first: ").append(receipt.rejected().get(0));
        }
        return text(ResponseCode.CHANGED, text.toString(), MediaTypeRegistry.TEXT_PLAIN);
    }

    private Response failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof DecodeException) {
            return text(ResponseCode.BAD_REQUEST, cause.getMessage(), MediaTypeRegistry.TEXT_PLAIN);
        } else if (cause instanceof BufferException) {
            // RFC 7252 §5.5.2: a diagnostic payload, UTF-8 text without Content-Format
            Response response = text(ResponseCode.SERVICE_UNAVAILABLE, "outbox refuses readings: " + cause.getMessage(),
                    MediaTypeRegistry.UNDEFINED);
            // RFC 7252 §5.9.3.4: Max-Age says after how many seconds the sensor may retry
            response.getOptions().setMaxAge(options.get().busyMaxAgeSeconds());
            return response;
        } else {
            LOG.warn("Ingest failed unexpectedly for a CoAP request", cause);
            return text(ResponseCode.INTERNAL_SERVER_ERROR, "ingest failed", MediaTypeRegistry.TEXT_PLAIN);
        }
    }

    private static Response text(ResponseCode code, String text, int contentFormat) {
        Response response = new Response(code);
        response.setPayload(truncate(text));
        if (contentFormat != MediaTypeRegistry.UNDEFINED) {
            response.getOptions().setContentFormat(contentFormat);
        }
        return response;
    }

    private static String truncate(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_DIAGNOSTIC_CHARS ? t : t.substring(0, MAX_DIAGNOSTIC_CHARS) + "...";
    }
}
