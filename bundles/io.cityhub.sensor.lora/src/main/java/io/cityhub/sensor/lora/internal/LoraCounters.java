package io.cityhub.sensor.lora.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Counters by name for the health report ({@code uplinks.accepted}, {@code dropped.bad_mic}, {@code mac.LinkCheckReq},
 * …) and a rate-limited log of drops: bad input is normal on a radio, so each reason is logged at most once per
 * {@link #LOG_INTERVAL}, with the number suppressed since. Thread-safe.
 */
final class LoraCounters {

    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> suppressed = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Logger log;
    private volatile String lastDecodeError;

    LoraCounters(Clock clock, Logger log) {
        this.clock = clock;
        this.log = log;
    }

    void increment(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    void add(String name, long n) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Counts {@code dropped.<reason>} and logs the message unless this reason was logged within the interval. */
    void drop(String reason, String message) {
        increment("dropped." + reason);
        logLimited(reason, "dropped (" + reason + ")", message);
    }

    /** Counts {@code name} and logs the message unless this name was logged within the interval. */
    void warn(String name, String message) {
        increment(name);
        logLimited(name, name, message);
    }

    /** Remembers the reason of the latest payload that did not decode, for the health report. */
    void decodeFailed(String message) {
        lastDecodeError = message;
    }

    private void logLimited(String reason, String what, String message) {
        Instant now = clock.instant();
        Instant last = lastLogged.get(reason);
        if (last != null && now.isBefore(last.plus(LOG_INTERVAL))) {
            suppressed.computeIfAbsent(reason, k -> new LongAdder()).increment();
            return;
        }
        lastLogged.put(reason, now);
        LongAdder s = suppressed.remove(reason);
        long more = s == null ? 0 : s.sum();
        if (more > 0) {
            log.warn("LoRa: {}: {} ({} more of this kind since the last report)", what, message, more);
        } else {
            log.warn("LoRa: {}: {}", what, message);
        }
    }

    Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        String decode = lastDecodeError;
        if (decode != null) {
            out.put("lastDecodeError", decode);
        }
        return out;
    }
}
