package io.cityhub.forward.mqtt.internal.delivery;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.Undeliverable;
import io.cityhub.forward.mqtt.internal.link.MqttText;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import io.cityhub.forward.mqtt.internal.link.Publisher;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder;
import io.cityhub.forward.mqtt.internal.payload.UndeliverableEvent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the platform and the technician about a reading the uplink set aside as undeliverable: a SAFETY-class event
 * on the events topic (channel {@value #CHANNEL}, text value = the reason, extension fields naming the reading id and
 * the sensor; same payload format as all telemetry) and a log line. The event is not buffered (ingest is the only
 * writer of the outbox): it is published at once, QoS 1, and a failure to send it is logged.
 */
public final class UndeliverableReports implements Consumer<Undeliverable> {

    /** The channel of the event. */
    public static final String CHANNEL = UndeliverableEvent.CHANNEL;
    /** Longest sensor id or reason quoted in an event or a log line, in characters. */
    static final int MAX_QUOTED = 128;
    private static final Logger LOG = LoggerFactory.getLogger(UndeliverableReports.class);

    private final String gatewayId;
    private final Topics topics;
    private final PayloadEncoder encoder;
    private final Publisher link;
    private final LongSupplier nanoTime;
    private final AtomicLong lastWarn = new AtomicLong();
    private final AtomicLong sinceWarn = new AtomicLong();
    private volatile boolean warnedOnce;

    public UndeliverableReports(String gatewayId, Topics topics, PayloadEncoder encoder, Publisher link,
            LongSupplier nanoTime) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.encoder = encoder;
        this.link = link;
        this.nanoTime = nanoTime;
    }

    /** @return the event reading for an undeliverable one: deterministic id, the reading's own time and clock */
    Reading event(Undeliverable undeliverable) {
        Reading reading = undeliverable.reading();
        String sensor = MqttText.printable(reading.sensorId(), MAX_QUOTED);
        String reason = MqttText.printable(undeliverable.reason(), MAX_QUOTED);
        SourceMetadata meta = new SourceMetadata("gateway", null, null,
                Map.of("reading", reading.id(), "sensor", sensor, "reason", reason));
        return new Reading(ReadingIds.derive(CHANNEL, reading.id()), gatewayId, CHANNEL, ReadingValue.of(reason), "",
                reading.timestamp(), reading.clockQuality(), Priority.SAFETY, meta);
    }

    @Override
    public void accept(Undeliverable undeliverable) {
        Reading event = event(undeliverable);
        Map<String, String> f = event.source().attributes();
        logRateLimited(f);
        try {
            for (PayloadEncoder.EncodedPayload payload : encoder.encode(gatewayId, java.util.List.of(event),
                    Integer.MAX_VALUE)) {
                link.publish(topics.events(), payload.bytes(), false, () -> { },
                        cause -> LOG.warn("uplink event about undeliverable reading {} not delivered: {}",
                                f.get("reading"), String.valueOf(cause)));
            }
        } catch (PublishException e) {
            LOG.warn("uplink event about undeliverable reading {} not sent: {}", f.get("reading"), e.getMessage());
        } catch (RuntimeException e) { // never let a report stop the drain thread
            LOG.warn("uplink event about undeliverable reading {} failed", f.get("reading"), e);
        }
    }

    /** The first of a burst at WARN, then at most one summary a minute: a bad source could send thousands. */
    private void logRateLimited(Map<String, String> f) {
        long now = nanoTime.getAsLong();
        long last = lastWarn.get();
        if (!warnedOnce || now - last >= TimeUnit.MINUTES.toNanos(1)) {
            warnedOnce = true;
            lastWarn.set(now);
            long suppressed = sinceWarn.getAndSet(0);
            LOG.warn("uplink set aside undeliverable reading {} of sensor '{}': {}; it left the outbox and was"
                    + " reported on {}{}", f.get("reading"), f.get("sensor"), f.get("reason"), topics.events(),
                    suppressed == 0 ? "" : " (" + suppressed + " more since the last such message)");
        } else {
            sinceWarn.incrementAndGet();
            LOG.debug("uplink set aside undeliverable reading {} of sensor '{}': {}", f.get("reading"),
                    f.get("sensor"), f.get("reason"));
        }
    }
}
