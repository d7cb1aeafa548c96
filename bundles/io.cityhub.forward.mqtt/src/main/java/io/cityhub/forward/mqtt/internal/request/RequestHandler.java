package io.cityhub.forward.mqtt.internal.request;

import io.cityhub.api.Priority;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.buffer.ReplayPage;
import io.cityhub.api.buffer.ReplayQuery;
import io.cityhub.forward.mqtt.internal.link.MqttLink;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import io.cityhub.forward.mqtt.internal.link.Publisher;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.ReadingRecords;
import io.cityhub.profiles.senml.JsonValues;
import io.cityhub.profiles.senml.MalformedJsonException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the platform's requests on {@code <prefix>/<gateway>/req/<request-id>} with JSON on
 * {@code <prefix>/<gateway>/res/<request-id>}: {@code replay}, {@code status} and {@code backlog}. Runs on its own
 * thread; a malformed or unknown request gets an error response and never touches the delivery pipeline.
 */
public final class RequestHandler {

    /** A request that cannot be served; the message is the reason sent back. */
    static final class BadRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequestException(String reason) {
            super(reason);
        }
    }

    static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final long PUBLISH_PERMIT_TIMEOUT_SECONDS = 30;

    private final Topics topics;
    private final Publisher link;
    private final ReadingBuffer buffer;
    private final Supplier<ReadingArchive> archive;
    private final Supplier<Map<String, Object>> healthSnapshot;
    private final int defaultPageSize;
    private final Semaphore control = new Semaphore(MqttLink.CONTROL_WINDOW / 2);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /**
     * @param link where responses are published (the session's control slots, a few at a time)
     * @param archive the retention archive for replay requests (its current value; null when absent)
     * @param healthSnapshot the health message body, for status requests
     * @param defaultPageSize readings per replay page when the request names none
     */
    public RequestHandler(Topics topics, Publisher link, ReadingBuffer buffer, Supplier<ReadingArchive> archive,
            Supplier<Map<String, Object>> healthSnapshot, int defaultPageSize) {
        this.topics = topics;
        this.link = link;
        this.buffer = buffer;
        this.archive = archive;
        this.healthSnapshot = healthSnapshot;
        this.defaultPageSize = defaultPageSize;
    }

    /** @return requests handled */
    public long requests() {
        return requests.get();
    }

    /** @return messages that arrived on a topic that is not one of this gateway's request topics, never answered */
    public long ignored() {
        return ignored.get();
    }

    /** @return requests answered with an error, or whose response could not be sent */
    public long errors() {
        return errors.get();
    }

    void handle(String topic, byte[] payload) throws InterruptedException {
        if (!topics.isRequest(topic)) {
            // a subscription the persistent session kept from another configuration (another topic.prefix, the
            // wider filter of earlier versions) or a broker that delivers more than was asked for: another gateway's
            // request, or not one at all; any answer, even an error on res/invalid, would be an answer for it
            if (ignored.incrementAndGet() == 1) {
                LOG.warn("uplink ignores a message on {}: not one of this gateway's request topics {}<request-id> "
                        + "(a subscription left in the broker's session for this client id?); counted as "
                        + "requestsIgnored, further ones are logged at DEBUG", topic, topics.requestPrefix());
            } else {
                LOG.debug("uplink ignores a message on {}: not one of this gateway's request topics", topic);
            }
            return;
        }
        requests.incrementAndGet();
        String id = topic.startsWith(topics.requestPrefix()) ? topic.substring(topics.requestPrefix().length()) : "";
        if (id.isEmpty() || id.length() > 64 || id.contains("/")) {
            // no usable id to answer on: answer on res/invalid so the platform still sees why
            error("invalid", null, "request topic must be " + topics.requestPrefix()
                    + "<request-id> with a single-level id of 1-64 characters");
            return;
        }
        String op = null;
        try {
            Map<String, Object> request = parse(payload);
            op = string(request, "op", true);
            switch (op) {
                case "status" -> respond(id, ok(id, op, Map.of("health", healthSnapshot.get())));
                case "backlog" -> respond(id, ok(id, op, backlog()));
                case "replay" -> replay(id, request);
                default -> throw new BadRequestException("unknown op '" + op + "'; known: replay, status, backlog");
            }
        } catch (BadRequestException e) {
            error(id, op, e.getMessage());
        } catch (PublishException e) {
            errors.incrementAndGet();
            LOG.info("uplink response to request {} not sent: {}", id, e.getMessage());
        }
    }

    private void replay(String id, Map<String, Object> request)
            throws BadRequestException, PublishException, InterruptedException {
        ReadingArchive source = archive.get();
        if (source == null) {
            throw new BadRequestException("replay unavailable: this gateway keeps no archive of delivered readings");
        }
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        if (to.isBefore(from)) {
            throw new BadRequestException("'to' is before 'from'");
        }
        String sensor = string(request, "sensor", false);
        int pageSize = defaultPageSize;
        Object size = request.get("pageSize");
        if (size != null) {
            if (!(size instanceof Long n) || n < 1 || n > 5000) {
                throw new BadRequestException("'pageSize' must be an integer between 1 and 5000");
            }
            pageSize = n.intValue();
        }
        String cursor = null;
        long count = 0;
        int page = 0;
        do {
            ReplayPage result;
            try {
                result = source.replay(new ReplayQuery(from, to, sensor, cursor, pageSize));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("replay refused by the archive: " + e.getMessage());
            }
            if (!result.readings().isEmpty()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("page", page++);
                body.put("count", result.readings().size());
                body.put("senml", ReadingRecords.mixedPack(result.readings()));
                respond(id, ok(id, "replay", body));
                count += result.readings().size();
            }
            cursor = result.nextCursor();
        } while (cursor != null);
        respond(id, ok(id, "replay", Map.of("end", true, "pages", page, "total", count)));
    }

    private Map<String, Object> backlog() {
        BufferMetrics m = buffer.metrics();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", m.state().name());
        body.put("pending", m.pendingCount());
        body.put("pendingBytes", m.pendingBytes());
        body.put("oldestAgeMillis", m.oldestAgeMillis());
        Map<String, Object> classes = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            ClassDepth d = m.depth().getOrDefault(p, new ClassDepth(0, 0, 0));
            classes.put(
                    p.name(), Map.of("count", d.count(), "bytes", d.bytes(), "oldestAgeMillis", d.oldestAgeMillis()));
        }
        body.put("classes", classes);
        return body;
    }

    private static Map<String, Object> parse(byte[] payload) throws BadRequestException {
        if (payload.length > MAX_REQUEST_BYTES) {
            throw new BadRequestException("request larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("request is not UTF-8");
        }
        Object parsed;
        try {
            parsed = JsonValues.read(text);
        } catch (MalformedJsonException e) {
            throw new BadRequestException("malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new BadRequestException("request must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) map;
        return request;
    }

    private static String string(Map<String, Object> request, String name, boolean required)
            throws BadRequestException {
        Object value = request.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new BadRequestException("'" + name + "' must be a non-empty string");
        }
        return text;
    }

    private static Instant instant(Map<String, Object> request, String name) throws BadRequestException {
        String text = string(request, name, true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-11-27T08:00:00Z");
        }
    }

    private static Map<String, Object> ok(String id, String op, Map<String, Object> body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("op", op);
        response.put("status", "ok");
        response.putAll(body);
        return response;
    }

    private void error(String id, String op, String reason) throws InterruptedException {
        errors.incrementAndGet();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        if (op != null) {
            response.put("op", op);
        }
        response.put("status", "error");
        response.put("reason", reason);
        LOG.debug("uplink request {} rejected: {}", id, reason);
        try {
            respond(id, response);
        } catch (PublishException e) {
            LOG.info("uplink error response to request {} not sent: {}", id, e.getMessage());
        }
    }

    /** Publishes at QoS 1 with at most a few responses in flight, so a long replay cannot crowd out telemetry. */
    private void respond(String id, Map<String, Object> response) throws PublishException, InterruptedException {
        if (!control.tryAcquire(PUBLISH_PERMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new PublishException("no response slot free for " + PUBLISH_PERMIT_TIMEOUT_SECONDS + " s");
        }
        try {
            link.publish(topics.response(id), JsonValues.write(response), false, control::release,
                    cause -> control.release());
        } catch (PublishException e) {
            control.release();
            throw e;
        }
    }
}
