package io.cityhub.forward.mqtt.internal.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The uplink's counters since activation, for its health section. Thread-safe, never blocks. */
public final class UplinkCounters {

    /** data messages acknowledged by the broker (PUBACK) */
    final AtomicLong publishedMessages = new AtomicLong();
    /** readings in those messages */
    final AtomicLong publishedReadings = new AtomicLong();
    /** payload bytes of those messages */
    final AtomicLong publishedBytes = new AtomicLong();
    /** buffer batches acknowledged (every message PUBACKed, or set aside as undeliverable) */
    final AtomicLong acknowledgedBatches = new AtomicLong();
    /** buffer batches given back for redelivery (a message failed, the link dropped) */
    final AtomicLong releasedBatches = new AtomicLong();
    /** readings set aside because they cannot be encoded or published */
    final AtomicLong undeliverableReadings = new AtomicLong();
    /** connections abandoned by the PUBACK watchdog */
    final AtomicLong pubackTimeouts = new AtomicLong();
    /** platform requests dropped because the request queue was full */
    public final AtomicLong requestsDropped = new AtomicLong();

    /** @return the counters under their health-message names */
    public Map<String, Object> snapshot() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("publishedMessages", publishedMessages.get());
        h.put("publishedReadings", publishedReadings.get());
        h.put("publishedBytes", publishedBytes.get());
        h.put("acknowledgedBatches", acknowledgedBatches.get());
        h.put("releasedBatches", releasedBatches.get());
        h.put("undeliverableReadings", undeliverableReadings.get());
        h.put("pubackTimeouts", pubackTimeouts.get());
        h.put("requestsDropped", requestsDropped.get());
        return h;
    }
}
