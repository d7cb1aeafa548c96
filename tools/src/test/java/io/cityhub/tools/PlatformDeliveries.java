package io.cityhub.tools;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The platform's side of a system test: which temperature readings of one sensor arrived (by their timestamp, unique
 * per reading in these tests), and how often each.
 */
final class PlatformDeliveries implements Consumer<PlatformStandIn.Received> {

    private final String topicSuffix;
    private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();

    PlatformDeliveries(String sensorId) {
        this.topicSuffix = "/telemetry/" + sensorId;
    }

    @Override
    public void accept(PlatformStandIn.Received message) {
        if (!message.topic().endsWith(topicSuffix)) {
            return;
        }
        for (String line : SenmlSummary.lines(message.payload())) {
            if (line.contains("temperature = ")) {
                String at = line.substring(line.indexOf(" @ ") + 3).split(" ")[0];
                copies.computeIfAbsent(at, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** @return the timestamps of the readings that arrived */
    Set<String> seen() {
        return copies.keySet();
    }

    /** @return how often the most repeated reading arrived; 0 before any */
    int mostCopiesOfOneReading() {
        return copies.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }
}
