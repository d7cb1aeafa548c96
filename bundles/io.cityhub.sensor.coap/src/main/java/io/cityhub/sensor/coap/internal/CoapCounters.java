package io.cityhub.sensor.coap.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** What the server took and answered since activation, for the health report. Thread-safe, never blocks. */
final class CoapCounters {

    /** Response codes reported even while zero, so a technician sees the key before the first such answer. */
    private static final List<String> REPORTED_CODES =
            List.of("2.04", "2.31", "4.00", "4.01", "4.03", "4.04", "4.08", "4.13", "4.15", "4.29", "5.00", "5.03");

    final LongAdder requests = new LongAdder();
    final LongAdder readingsAccepted = new LongAdder();
    final LongAdder readingsRejected = new LongAdder();
    /** Full and abbreviated (resumed) DTLS handshakes completed. */
    final LongAdder dtlsHandshakes = new LongAdder();
    /** Abbreviated DTLS handshakes completed: a device resumed its session by session id (RFC 6347 §4.2.8). */
    final LongAdder dtlsResumedHandshakes = new LongAdder();
    /** DTLS handshakes that failed: wrong key, unknown identity, a peer that gave up. */
    final LongAdder dtlsHandshakeFailures = new LongAdder();
    /** Responses from observed resources (notifications and poll answers) handed on. */
    final LongAdder observeNotifications = new LongAdder();
    /** Observations registered again after a silence of twice their interval. */
    final LongAdder observeRegistrations = new LongAdder();
    /** GETs sent to resources that are polled. */
    final LongAdder observePolls = new LongAdder();
    /** Answers to confirmable requests that rode on the request's ACK (RFC 7252 §5.2.1). */
    final LongAdder piggybackedAnswers = new LongAdder();
    /** Answers sent after an empty ACK because the outbox took longer than the ACK delay (§5.2.2). */
    final LongAdder separateAnswers = new LongAdder();
    private final ConcurrentMap<String, LongAdder> responses = new ConcurrentHashMap<>();

    CoapCounters() {
        REPORTED_CODES.forEach(code -> responses.put(code, new LongAdder()));
    }

    /** @param code a response code as CoAP writes it, e.g. {@code 4.13} */
    void responseSent(String code) {
        responses.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> health = new TreeMap<>();
        health.put("requests", requests.sum());
        responses.forEach((code, count) -> health.put("responses." + code, count.sum()));
        health.put("readings.accepted", readingsAccepted.sum());
        health.put("readings.rejected", readingsRejected.sum());
        health.put("dtls.handshakes", dtlsHandshakes.sum());
        health.put("dtls.handshakeFailures", dtlsHandshakeFailures.sum());
        health.put("dtls.resumedHandshakes", dtlsResumedHandshakes.sum());
        health.put("observe.notifications", observeNotifications.sum());
        health.put("observe.registrations", observeRegistrations.sum());
        health.put("observe.polls", observePolls.sum());
        health.put("answers.piggybacked", piggybackedAnswers.sum());
        health.put("answers.separate", separateAnswers.sum());
        return health;
    }
}
