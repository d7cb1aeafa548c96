package io.cityhub.forward.mqtt.internal.health;

import io.cityhub.api.Priority;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.health.HealthContributor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway health message: uptime, versions, buffer metrics and every {@link HealthContributor}'s section (the
 * uplink's own included). Sent periodically on {@code .../health} and on a {@code status} request.
 */
public final class HealthReport {

    private final String gatewayId;
    private final Clock clock;
    private final Instant started;
    private final Map<String, String> versions;
    private final ReadingBuffer buffer;
    private final Supplier<List<HealthContributor>> contributors;
    private final HealthContributor own;
    private final Supplier<List<Map<String, Object>>> failedComponents;

    /**
     * @param failedComponents the cityhub components that are not running ({@link ComponentFailures}); empty list
     *     when there is no Service Component Runtime to ask
     */
    public HealthReport(String gatewayId, Clock clock, Map<String, String> versions, ReadingBuffer buffer,
            Supplier<List<HealthContributor>> contributors, HealthContributor own,
            Supplier<List<Map<String, Object>>> failedComponents) {
        this.failedComponents = failedComponents;
        this.gatewayId = gatewayId;
        this.clock = clock;
        this.started = clock.instant();
        this.versions = Map.copyOf(versions);
        this.buffer = buffer;
        this.contributors = contributors;
        this.own = own;
    }

    public Map<String, Object> snapshot() {
        Instant now = clock.instant();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("gateway", gatewayId);
        report.put("time", now.toString());
        report.put("uptimeSeconds", Duration.between(started, now).toSeconds());
        report.put("versions", new java.util.TreeMap<>(versions));
        report.put("buffer", buffer(buffer.metrics()));
        report.put("failedComponents", failedComponents.get());
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put(own.healthSection(), own.health());
        for (HealthContributor contributor : contributors.get()) {
            if (contributor == own) {
                continue;
            }
            try {
                sections.put(contributor.healthSection(), contributor.health());
            } catch (RuntimeException e) {
                // a broken contributor must not cost the platform the rest of the report
                sections.put(String.valueOf(contributor.getClass().getName()), Map.of("error", String.valueOf(e)));
            }
        }
        report.put("sections", sections);
        return report;
    }

    static Map<String, Object> buffer(BufferMetrics m) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("state", m.state().name());
        b.put("pending", m.pendingCount());
        b.put("pendingBytes", m.pendingBytes());
        b.put("oldestAgeMillis", m.oldestAgeMillis());
        b.put("appended", m.appended());
        b.put("delivered", m.delivered());
        b.put("appendsPerSecond", m.appendsPerSecond());
        b.put("deliveriesPerSecond", m.deliveriesPerSecond());
        b.put("drops", new java.util.TreeMap<>(m.drops()));
        b.put("sizeOnDiskBytes", m.sizeOnDiskBytes());
        b.put("recoveries", m.recoveries());
        Map<String, Object> depth = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            ClassDepth d = m.depth().getOrDefault(p, new ClassDepth(0, 0, 0));
            depth.put(p.name(), Map.of("count", d.count(), "bytes", d.bytes(), "oldestAgeMillis", d.oldestAgeMillis()));
        }
        b.put("depth", depth);
        return b;
    }
}
