package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.api.traffic.SignalTimingListener;
import io.cityhub.forward.mqtt.internal.health.ComponentFailures;
import io.cityhub.forward.mqtt.internal.health.StatusMessages;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink to the regional platform: drains the durable buffer over MQTT (QoS 1, batched, in-flight window,
 * rate caps), keeps a retained online/offline status with a last will, publishes health periodically, and answers
 * replay/status/backlog requests; as a {@link SignalTimingListener} it also publishes each intersection's SPaT at QoS 0
 * for roadside apps (handed off the controller's tick thread). Topic layout and payloads: the bundle README. This
 * component is wiring: it holds the running {@link Uplink} and applies configuration changes to it without SCR
 * restarting the component.
 */
// immediate: no other component uses the forwarder's services, and a delayed component would never start draining
@Component(name = MqttForwarder.PID, configurationPid = MqttForwarder.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ConfigurableComponent.class, HealthContributor.class, SignalTimingListener.class})
@Designate(ocd = MqttForwarderConfig.class)
public final class MqttForwarder implements ConfigurableComponent, HealthContributor, SignalTimingListener {

    /** Configuration PID = component name = OCD id. */
    public static final String PID = "io.cityhub.forward.mqtt.MqttForwarder";
    private static final Logger LOG = LoggerFactory.getLogger(MqttForwarder.class);

    private final ReadingBuffer buffer;
    private final CryptoService crypto;
    private final Clock clock;
    private final Map<String, String> versions;
    private final RandomGenerator random;
    private final AtomicReference<ReadingArchive> archive = new AtomicReference<>();
    private final AtomicReference<ComponentFailures> componentFailures = new AtomicReference<>();
    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();
    /** the running uplink; replaced (closed, then rebuilt) by a change that cannot be applied live */
    private final AtomicReference<Uplink> uplink = new AtomicReference<>();

    /**
     * Activates the uplink.
     *
     * @param config the configuration
     * @param buffer the outbox it drains
     * @param crypto decrypts Password attributes (Kura's, or the standalone runtime's, which encrypted them)
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid (also
     *     logged at ERROR, so a technician sees why the uplink did not start)
     */
    @Activate
    public MqttForwarder(MqttForwarderConfig config, @Reference(name = "buffer") ReadingBuffer buffer,
            @Reference(name = "crypto") CryptoService crypto) {
        this(optionsOrLog(config, crypto, "activation"), buffer, crypto, Clock.systemUTC(),
                Map.of("uplink", StatusMessages.bundleVersion()), new SplittableRandom());
    }

    /**
     * For tests: plain collaborators.
     *
     * @param crypto decrypts Password attributes of a modified configuration
     * @param versions extra entries of the health message's versions (the MQTT client's and Java's are added)
     * @param random jitter source of the reconnect backoff
     */
    MqttForwarder(MqttForwarderOptions options, ReadingBuffer buffer, CryptoService crypto, Clock clock,
            Map<String, String> versions, RandomGenerator random) {
        this.buffer = buffer;
        this.crypto = crypto;
        this.clock = clock;
        this.versions = Map.copyOf(versions);
        this.random = random;
        this.uplink.set(build(options));
    }

    private Uplink build(MqttForwarderOptions options) {
        return new Uplink(options, buffer, archive::get, () -> contributors, this::failedComponents, clock, versions,
                random);
    }

    /**
     * Applies a changed configuration (DS 1.4 modified) without SCR restarting the component: rate caps and the
     * health interval in place over the open connection; any other change closes the running uplink (its
     * unacknowledged batches go back to the buffer) and builds a new one with the new options.
     *
     * @param config the new configuration
     * @throws IllegalArgumentException naming PID, attribute and value if it is invalid (logged at ERROR; the
     *     running uplink stays as it is)
     * @throws InterruptedException if interrupted while closing the running uplink
     */
    @Modified
    void modified(MqttForwarderConfig config) throws InterruptedException {
        MqttForwarderOptions next = optionsOrLog(config, crypto, "configuration change");
        synchronized (uplink) {
            Uplink running = uplink.get();
            if (running.options().differsOnlyLive(next)) {
                running.applyLive(next);
                return;
            }
            LOG.info("uplink {}: a setting that needs a new connection changed; reconnecting with the new settings",
                    running.options().gatewayId());
            running.close();
            Uplink rebuilt = buildOrRestore(next, running.options());
            rebuilt.spat().restore(running.spat().latest());
            uplink.set(rebuilt);
        }
    }

    /**
     * Builds the uplink of a changed configuration. Some problems show only here (TLS files that cannot be read or
     * parsed): the uplink of the previous options is then built again, so the gateway keeps forwarding as before.
     */
    private Uplink buildOrRestore(MqttForwarderOptions next, MqttForwarderOptions previous) {
        try {
            return build(next);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: configuration change failed: {}; the uplink keeps its previous settings", PID,
                    e.getMessage());
            uplink.set(build(previous));
            throw e;
        }
    }

    /** @return the options in force */
    MqttForwarderOptions currentOptions() {
        return uplink.get().options();
    }

    private static MqttForwarderOptions optionsOrLog(MqttForwarderConfig config, CryptoService crypto, String when) {
        try {
            return MqttForwarderOptions.from(config, crypto);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} failed: {}", PID, when, e.getMessage());
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
        synchronized (uplink) {
            // whatever is still unacknowledged goes back to the buffer (it would be redelivered after restart anyway)
            uplink.get().close();
        }
    }

    /** Hands the timing to the running uplink's SPaT relay; never blocks the controller's tick thread. */
    @Override
    public void signalTiming(SignalTiming timing) {
        uplink.get().spat().offer(timing);
    }

    @Override
    public String healthSection() {
        return "uplink";
    }

    @Override
    public Map<String, Object> health() {
        return uplink.get().health();
    }

    /** @return the health message body, as sent periodically and on a status request */
    Map<String, Object> healthSnapshot() {
        return uplink.get().healthSnapshot();
    }

    /** Test hook: cut the connection without DISCONNECT, as a dead link would. */
    void dropConnectionWithoutDisconnect() throws PublishException {
        uplink.get().dropConnectionWithoutDisconnect();
    }
}
