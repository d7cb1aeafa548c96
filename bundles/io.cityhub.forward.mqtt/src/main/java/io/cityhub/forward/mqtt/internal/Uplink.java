package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.forward.mqtt.internal.delivery.DeliveryPipeline;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner;
import io.cityhub.forward.mqtt.internal.delivery.PubackWatchdog;
import io.cityhub.forward.mqtt.internal.delivery.RateLimiter;
import io.cityhub.forward.mqtt.internal.delivery.UndeliverableReports;
import io.cityhub.forward.mqtt.internal.delivery.UplinkCounters;
import io.cityhub.forward.mqtt.internal.health.HealthReport;
import io.cityhub.forward.mqtt.internal.health.StatusMessages;
import io.cityhub.forward.mqtt.internal.link.Backoff;
import io.cityhub.forward.mqtt.internal.link.LinkSettings;
import io.cityhub.forward.mqtt.internal.link.MqttLink;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder;
import io.cityhub.forward.mqtt.internal.request.RequestHandler;
import io.cityhub.forward.mqtt.internal.request.RequestQueue;
import io.cityhub.forward.mqtt.internal.spat.SpatRelay;
import io.cityhub.profiles.senml.JsonValues;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running uplink built from one set of options: the MQTT link, the delivery pipeline draining the buffer,
 * request handling, the PUBACK watchdog and the periodic health message. Rate caps and the health interval change in
 * place ({@link #applyLive}); any other change means closing this uplink and building a new one, which
 * {@link MqttForwarder} does without SCR restarting the component.
 */
final class Uplink implements HealthContributor {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** PUBACK watchdog period: the timeout is at least 5 s, so a stall is acted on within 1 s of it */
    private static final long WATCHDOG_PERIOD_MILLIS = 1_000;

    /** the options in force: those it was built from, with live changes applied */
    private final AtomicReference<MqttForwarderOptions> current;
    private final RateLimiter limiter;
    private final AtomicReference<ScheduledFuture<?>> healthTask = new AtomicReference<>();
    private final Topics topics;
    private final ScheduledExecutorService timer;
    private final ExecutorService bufferCalls;
    private final RequestQueue requestQueue;
    private final MqttLink link;
    private final DeliveryPipeline pipeline;
    private final RequestHandler requests;
    private final HealthReport health;
    private final Thread drainThread;
    private final UplinkCounters counters = new UplinkCounters();
    private final PubackWatchdog watchdog;
    private final SpatRelay spat;

    /**
     * Builds and starts the uplink: the drain thread, the timers and the connection attempt.
     *
     * @param options validated options
     * @param buffer the outbox it drains
     * @param archive the retention archive for replay requests (its current value; null when absent)
     * @param contributors the other sections of the health message
     * @param failedComponents the cityhub components that are not running
     * @param clock wall clock of status and health messages
     * @param versions entries of the health message's versions
     * @param random jitter source of the reconnect backoff
     */
    Uplink(MqttForwarderOptions options, ReadingBuffer buffer, Supplier<ReadingArchive> archive,
            Supplier<List<HealthContributor>> contributors, Supplier<List<Map<String, Object>>> failedComponents,
            Clock clock, Map<String, String> versions, RandomGenerator random) {
        this.current = new AtomicReference<>(options);
        this.limiter = new RateLimiter(options.messagesPerSecond(), options.bytesPerSecond(), System::nanoTime);
        this.topics = new Topics(options.topicPrefix(), options.gatewayId());
        this.timer = Executors.newSingleThreadScheduledExecutor(named("cityhub-mqtt-timer"));
        this.bufferCalls = Executors.newSingleThreadExecutor(named("cityhub-mqtt-ack"));
        this.link = new MqttLink(linkSettings(options), topics, timer,
                new Backoff(options.reconnectMinMillis(), options.reconnectMaxMillis(), random), new LinkEvents(),
                new StatusMessages(options.gatewayId(), clock));
        PayloadEncoder encoder = PayloadEncoder.of(options.format());
        this.pipeline = new DeliveryPipeline(buffer,
                new MessagePlanner(topics, encoder, options.maxMessageBytes()), link,
                limiter, options.inflightWindow(), options.batchSize(), bufferCalls, counters, System::nanoTime,
                new UndeliverableReports(options.gatewayId(), topics, encoder, link, System::nanoTime));
        this.watchdog = new PubackWatchdog(pipeline, new WatchedConnection(), counters,
                Duration.ofSeconds(options.pubackTimeoutSeconds()), System::nanoTime);
        Map<String, String> allVersions = new LinkedHashMap<>();
        allVersions.put("mqtt", MqttLink.CLIENT);
        allVersions.put("java", System.getProperty("java.version", "unknown"));
        allVersions.putAll(versions);
        this.health = new HealthReport(options.gatewayId(), clock, allVersions, buffer, contributors, this,
                failedComponents);
        this.requests = new RequestHandler(topics, link, buffer, archive, health::snapshot,
                options.replayPageSize());
        this.requestQueue = new RequestQueue(requests, counters.requestsDropped::incrementAndGet);
        this.spat = new SpatRelay(new SpatLink(), topics.root(), options.spatTopic());
        this.drainThread = new Thread(pipeline, "cityhub-mqtt-drain");
        this.drainThread.setDaemon(true);
        drainThread.start();
        scheduleHealth(options.statusIntervalSeconds());
        timer.scheduleWithFixedDelay(this::watchPubacks, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        link.start();
        LOG.info("uplink {} started: brokers {}, format {}, topics {}/...", options.gatewayId(),
                options.brokerUris(), options.format().configValue(), topics.root());
    }

    private static LinkSettings linkSettings(MqttForwarderOptions options) {
        return new LinkSettings(options.gatewayId(), options.brokerUris(), options.keepAliveSeconds(),
                options.inflightWindow(), options.username(), options.password(),
                options.usesTls() ? TlsContexts.socketFactory(options.tls()) : null,
                options.tls().hostnameVerification());
    }

    /** @return the options in force (those it was built from, with live changes applied) */
    MqttForwarderOptions options() {
        return current.get();
    }

    /**
     * Applies rate caps and the health interval in place; the connection stays up.
     *
     * @param next options that differ from {@link #options()} only in what {@link
     *     MqttForwarderOptions#differsOnlyLive} allows
     */
    void applyLive(MqttForwarderOptions next) {
        MqttForwarderOptions running = current.get();
        if (!running.differsOnlyLive(next)) {
            throw new IllegalArgumentException("options differ in more than the live settings");
        }
        limiter.setRates(next.messagesPerSecond(), next.bytesPerSecond());
        spat.configure(next.spatTopic());
        if (next.statusIntervalSeconds() != running.statusIntervalSeconds()) {
            scheduleHealth(next.statusIntervalSeconds());
        }
        current.set(next);
        LOG.info("uplink {}: applied rate caps {} messages/s, {} bytes/s, health interval {} s and SPaT topic {} "
                + "without reconnecting", next.gatewayId(), next.messagesPerSecond(), next.bytesPerSecond(),
                next.statusIntervalSeconds(), next.spatTopic() == null ? "(off)" : next.spatTopic());
    }

    private void scheduleHealth(int periodSeconds) {
        ScheduledFuture<?> next = timer.scheduleAtFixedRate(this::publishHealth, periodSeconds, periodSeconds,
                TimeUnit.SECONDS);
        ScheduledFuture<?> previous = healthTask.getAndSet(next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /**
     * Stops the uplink: the drain thread and timers end, the link disconnects (publishing the retained offline
     * status), and every unacknowledged batch goes back to the buffer, to be delivered by the next uplink or after
     * a restart.
     *
     * @throws InterruptedException if interrupted while waiting for its threads
     */
    void close() throws InterruptedException {
        drainThread.interrupt();
        drainThread.join(TimeUnit.SECONDS.toMillis(5));
        requestQueue.close();
        spat.close();
        stop(timer);
        link.close();
        pipeline.connectionLost(new IllegalStateException("uplink closed"));
        bufferCalls.shutdown();
        if (!bufferCalls.awaitTermination(5, TimeUnit.SECONDS)) {
            bufferCalls.shutdownNow();
        }
        LOG.info("uplink {} stopped", current.get().gatewayId());
    }

    @Override
    public String healthSection() {
        return "uplink";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("connected", link.isConnected());
        h.put("broker", link.serverUri() == null ? "" : link.serverUri());
        h.put("connects", link.connects());
        h.put("format", current.get().format().configValue());
        h.putAll(counters.snapshot());
        h.put("inflightMessages", pipeline.inflightMessages());
        h.put("pubackMillisP50", pipeline.pubackMillis(0.50));
        h.put("pubackMillisP99", pipeline.pubackMillis(0.99));
        h.put("requests", requests.requests());
        h.put("requestErrors", requests.errors());
        h.put("requestsIgnored", requests.ignored());
        h.putAll(spat.health());
        return h;
    }

    /** @return the SPaT publication of this uplink */
    SpatRelay spat() {
        return spat;
    }

    /** @return the health message body, as sent periodically and on a status request */
    Map<String, Object> healthSnapshot() {
        return health.snapshot();
    }

    /** Test hook: cut the connection without DISCONNECT, as a dead link would. */
    void dropConnectionWithoutDisconnect() throws PublishException {
        link.dropWithoutDisconnect();
    }

    private void publishHealth() {
        if (!link.isConnected()) {
            return;
        }
        try {
            link.publish(topics.health(), JsonValues.write(health.snapshot()), false, () -> { },
                    cause -> LOG.debug("uplink health message not delivered: {}", String.valueOf(cause)));
        } catch (PublishException e) {
            LOG.debug("uplink health message not sent: {}", e.getMessage());
            link.suspectDown(e);
        } catch (RuntimeException e) { // outermost guard of a periodic task: an exception would cancel it
            LOG.warn("uplink health message failed", e);
        }
    }

    private void watchPubacks() {
        try {
            watchdog.check();
        } catch (RuntimeException e) { // outermost guard of a periodic task: an exception would cancel it
            LOG.warn("uplink PUBACK watchdog failed", e);
        }
    }

    private static void stop(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Link events: pipeline bookkeeping and request dispatch, off the reader thread where work may block. */
    private final class LinkEvents implements MqttLink.Listener {
        @Override
        public void connected() {
            // the drain thread waits for the link by itself; SPaT sends every intersection's current timing again
            spat.linkUp();
        }

        @Override
        public void connectionLost(Throwable cause) {
            pipeline.connectionLost(cause);
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            requestQueue.submit(topic, payload);
        }
    }

    /** The link as the PUBACK watchdog sees it: a connection it may abandon. */
    private final class WatchedConnection implements PubackWatchdog.Connection {
        @Override
        public boolean isConnected() {
            return link.isConnected();
        }

        @Override
        public String serverUri() {
            return link.serverUri();
        }

        @Override
        public boolean abandon(Throwable cause) {
            return link.abandon(cause);
        }
    }

    /** The link as the SPaT relay sees it. */
    private final class SpatLink implements SpatRelay.Link {
        @Override
        public boolean isConnected() {
            return link.isConnected();
        }

        @Override
        public void publishAtMostOnce(String topic, byte[] payload, long timeoutMillis) throws PublishException {
            link.publishAtMostOnce(topic, payload, timeoutMillis);
        }
    }
}
