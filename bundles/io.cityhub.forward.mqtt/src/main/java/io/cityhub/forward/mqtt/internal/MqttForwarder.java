package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.health.HealthContributor;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink to the regional platform: drains the durable buffer over MQTT (QoS 1, batched, in-flight window,
 * rate caps), keeps a retained online/offline status with a last will, publishes health periodically, and answers
 * replay/status/backlog requests. Topic layout and payloads: the bundle README.
 */
// immediate: no other component uses the forwarder's services, and a delayed component would never start draining
@Component(name = MqttForwarder.PID, configurationPid = MqttForwarder.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ConfigurableComponent.class, HealthContributor.class})
@Designate(ocd = MqttForwarderConfig.class)
public final class MqttForwarder implements ConfigurableComponent, HealthContributor {

    /** Configuration PID = component name = OCD id. */
    public static final String PID = "io.cityhub.forward.mqtt.MqttForwarder";
    private static final Logger LOG = LoggerFactory.getLogger(MqttForwarder.class);
    /** PUBACK watchdog period: the timeout is at least 5 s, so a stall is acted on within 1 s of it */
    private static final long WATCHDOG_PERIOD_MILLIS = 1_000;

    private final MqttForwarderOptions options;
    private final RateLimiter limiter;
    private final AtomicReference<ScheduledFuture<?>> healthTask = new AtomicReference<>();
    private final Topics topics;
    private final Clock clock;
    private final AtomicReference<ReadingArchive> archive = new AtomicReference<>();
    private final AtomicReference<ComponentFailures> componentFailures = new AtomicReference<>();
    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();
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

    /**
     * Activates the uplink.
     *
     * @param config the configuration
     * @param buffer the outbox it drains
     * @param crypto decrypts Password attributes (identity outside Kura)
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid (also
     *     logged at ERROR, so a technician sees why the uplink did not start)
     */
    @Activate
    public MqttForwarder(MqttForwarderConfig config, @Reference(name = "buffer") ReadingBuffer buffer,
            @Reference(name = "crypto") CryptoService crypto) {
        this(optionsOrLog(config, crypto), buffer, Clock.systemUTC(),
                Map.of("uplink", StatusMessages.bundleVersion()), new SplittableRandom());
    }

    /**
     * For tests: plain collaborators.
     *
     * @param versions extra entries of the health message's versions (Paho's and Java's are added)
     * @param random jitter source of the reconnect backoff
     */
    MqttForwarder(MqttForwarderOptions options, ReadingBuffer buffer, Clock clock, Map<String, String> versions,
            RandomGenerator random) {
        this.options = options;
        this.limiter = new RateLimiter(options.messagesPerSecond(), options.bytesPerSecond(), System::nanoTime);
        this.topics = new Topics(options.topicPrefix(), options.gatewayId());
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("cityhub-mqtt-timer"));
        this.bufferCalls = Executors.newSingleThreadExecutor(named("cityhub-mqtt-ack"));
        StatusMessages status = new StatusMessages(options.gatewayId(), clock);
        this.link = new MqttLink(options, topics,
                options.usesTls() ? TlsContexts.socketFactory(options.tls()) : null, timer,
                new Backoff(options.reconnectMinMillis(), options.reconnectMaxMillis(), random), new LinkEvents(),
                status::online, status.connectionLost(), status::shutdown);
        PayloadEncoder encoder = PayloadEncoder.of(options.format());
        this.pipeline = new DeliveryPipeline(buffer,
                new MessagePlanner(topics, encoder, options.maxMessageBytes()), link,
                limiter, options.inflightWindow(), options.batchSize(), bufferCalls, counters, System::nanoTime,
                new UndeliverableReports(options.gatewayId(), topics, encoder, link, System::nanoTime));
        this.watchdog = new PubackWatchdog(pipeline, link, counters,
                Duration.ofSeconds(options.pubackTimeoutSeconds()), System::nanoTime);
        Map<String, String> allVersions = new LinkedHashMap<>();
        allVersions.put("paho", StatusMessages.pahoVersion());
        allVersions.put("java", System.getProperty("java.version", "unknown"));
        allVersions.putAll(versions);
        this.health = new HealthReport(options.gatewayId(), clock, allVersions, buffer, () -> contributors, this,
                this::failedComponents);
        this.requests = new RequestHandler(topics, link, buffer, archive::get, health::snapshot,
                options.replayPageSize());
        this.requestQueue = new RequestQueue(requests, counters);
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

    private void scheduleHealth(int periodSeconds) {
        ScheduledFuture<?> next = timer.scheduleAtFixedRate(this::publishHealth, periodSeconds, periodSeconds,
                TimeUnit.SECONDS);
        ScheduledFuture<?> previous = healthTask.getAndSet(next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private static MqttForwarderOptions optionsOrLog(MqttForwarderConfig config, CryptoService crypto) {
        try {
            return MqttForwarderOptions.from(config, crypto);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    /** @param runtime the Service Component Runtime, asked which cityhub components are not running */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setComponentRuntime(ServiceComponentRuntime runtime) {
        this.componentFailures.set(ComponentFailures.of(runtime));
    }

    void unsetComponentRuntime(ServiceComponentRuntime runtime) {
        this.componentFailures.set(null);
    }

    /** For tests: where the failed components come from. */
    void setComponentFailures(ComponentFailures failures) {
        this.componentFailures.set(failures);
    }

    private List<Map<String, Object>> failedComponents() {
        return ComponentFailures.listed(componentFailures.get());
    }

    /** @param archive the retention archive that serves replay requests */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setArchive(ReadingArchive archive) {
        this.archive.set(archive);
    }

    void unsetArchive(ReadingArchive archive) {
        this.archive.compareAndSet(archive, null);
    }

    /** @param contributor a section of the health message; this component's own service is filtered out */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(component.name=" + PID + "))")
    void addContributor(HealthContributor contributor) {
        if (contributor != this) {
            contributors.add(contributor);
        }
    }

    void removeContributor(HealthContributor contributor) {
        contributors.remove(contributor);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        drainThread.interrupt();
        drainThread.join(TimeUnit.SECONDS.toMillis(5));
        requestQueue.close();
        stop(timer);
        link.close();
        // whatever is still unacknowledged goes back to the buffer (it would be redelivered after restart anyway)
        pipeline.connectionLost(new IllegalStateException("uplink deactivated"));
        bufferCalls.shutdown();
        if (!bufferCalls.awaitTermination(5, TimeUnit.SECONDS)) {
            bufferCalls.shutdownNow();
        }
        LOG.info("uplink {} stopped", options.gatewayId());
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
        h.put("format", options.format().configValue());
        h.putAll(counters.snapshot());
        h.put("inflightMessages", pipeline.inflightMessages());
        h.put("pubackMillisP50", pipeline.pubackMillis(0.50));
        h.put("pubackMillisP99", pipeline.pubackMillis(0.99));
        h.put("requests", requests.requests());
        h.put("requestErrors", requests.errors());
        return h;
    }

    /** @return the health message body, as sent periodically and on a status request */
    Map<String, Object> healthSnapshot() {
        return health.snapshot();
    }

    /** Test hook: cut the connection without DISCONNECT, as a dead link would. */
    void dropConnectionWithoutDisconnect() throws MqttException {
        link.dropWithoutDisconnect();
    }

    private void publishHealth() {
        if (!link.isConnected()) {
            return;
        }
        try {
            link.publish(topics.health(), JsonWriter.toBytes(health.snapshot()), false, () -> { },
                    cause -> LOG.debug("uplink health message not delivered: {}", String.valueOf(cause)));
        } catch (MqttException e) {
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

    /** Link events: pipeline bookkeeping and request dispatch, off Paho's thread where work may block. */
    private final class LinkEvents implements MqttLink.Listener {
        @Override
        public void connected() {
            // nothing to do: the drain thread waits for the link
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
}
