package io.cityhub.ingest.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters since activation, for the health report. Thread-safe, never blocks. */
final class IngestCounters {

    final LongAdder submissions = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder bufferFailures = new LongAdder();
    /** Submissions the outbox refused because it was behind (a subset of {@link #bufferFailures}). */
    final LongAdder bufferBusy = new LongAdder();
    final LongAdder filterFailures = new LongAdder();
    private final Map<String, LongAdder> decodeErrors = new ConcurrentHashMap<>();

    void decodeError(String codecId) {
        decodeErrors.computeIfAbsent(codecId, id -> new LongAdder()).increment();
    }

    long decodeErrors(String codecId) {
        LongAdder adder = decodeErrors.get(codecId);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> health = new TreeMap<>();
        health.put("submissions", submissions.sum());
        health.put("accepted", accepted.sum());
        health.put("filtered", filtered.sum());
        health.put("rejected", rejected.sum());
        health.put("bufferFailures", bufferFailures.sum());
        health.put("bufferBusy", bufferBusy.sum());
        health.put("filterFailures", filterFailures.sum());
        long totalDecodeErrors = 0;
        for (Map.Entry<String, LongAdder> e : decodeErrors.entrySet()) {
            long n = e.getValue().sum();
            health.put("decodeErrors." + e.getKey(), n);
            totalDecodeErrors += n;
        }
        health.put("decodeErrors", totalDecodeErrors);
        return health;
    }
}
