package io.cityhub.sensor.coap.internal;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.ObservationSink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoAP (RFC 7252) server for sensors on the local network: takes SenML readings and answers each request only
 * once ingest reports them durable. The only component that sees Californium.
 */
// immediate: the server must listen as soon as ingest is there, not when some consumer first gets its services
@Component(configurationPid = CoapSensorServer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ConfigurableComponent.class, HealthContributor.class}, immediate = true)
@Designate(ocd = CoapSensorServerConfig.class)
public final class CoapSensorServer implements ConfigurableComponent, HealthContributor {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.coap.CoapSensorServer";

    /** Exchanges remembered per peer for deduplication; see {@link #configuration(CoapOptions)}. */
    private static final int DEDUP_MESSAGES_PER_PEER = 16;

    private static final Logger LOG = LoggerFactory.getLogger(CoapSensorServer.class);

    private final CoapOptions options;
    private final CoapCounters counters = new CoapCounters();
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    /** Used by DS. */
    @Activate
    public CoapSensorServer(CoapSensorServerConfig config, @Reference(name = "sink") ObservationSink sink) {
        this(CoapOptions.from(config), sink, Clock.systemUTC());
    }

    /**
     * Starts the server. For tests; the package is not exported.
     *
     * @param options validated configuration, not null
     * @param sink ingest, not null
     * @param clock stamps receive times, not null
     * @throws IllegalStateException if the UDP port cannot be bound
     */
    public CoapSensorServer(CoapOptions options, ObservationSink sink, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clock, "clock");
        Configuration configuration = configuration(options);
        endpoint = new CoapEndpoint.Builder()
                .setInetSocketAddress(options.bind())
                .setConfiguration(configuration)
                .build();
        server = new CoapServer(configuration);
        server.addEndpoint(endpoint);
        server.add(new ReadingsResource(sink, options, clock, counters), new HealthResource(this));
        try {
            server.start();
        } catch (IllegalStateException e) {
            server.destroy();
            throw new IllegalStateException(PID + ": cannot listen on udp " + options.bind() + ": " + e.getMessage(), e);
        }
        LOG.info("CoAP sensor server listening on udp {}", endpoint.getAddress());
    }

    /**
     * Californium's defaults, never read from or written to a properties file (Configuration.getStandard() would
     * write Californium3.properties into the working directory), with the body limit applied to blockwise
     * transfers too (RFC 7959 §2.9.3: the server answers 4.13 when a Block1 body grows too large).
     *
     * <p>Deduplication (RFC 7252 §4.5) is bounded per peer: Californium's default sweeps exchanges only after their
     * lifetime (247 s), so memory grows with requests per second times 247 s and a busy gateway with a 256 MB heap
     * runs out of memory within minutes. Remembering the last {@value #DEDUP_MESSAGES_PER_PEER} exchanges of at most
     * {@code max.active.peers} peers still answers every retransmission a sensor makes (it waits for each answer).
     */
    private static Configuration configuration(CoapOptions options) {
        CoapConfig.register();
        UdpConfig.register();
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, options.maxPayloadBytes());
        configuration.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        configuration.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUP_MESSAGES_PER_PEER);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, options.maxActivePeers());
        return configuration;
    }

    /** @return the address the server listens on (with the real port when configured with port 0) */
    InetSocketAddress address() {
        return endpoint.getAddress();
    }

    @Override
    public String healthSection() {
        return "coap";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>(counters.snapshot());
        health.put("endpoint", "udp " + endpoint.getAddress());
        health.put("running", endpoint.isStarted());
        health.put("receiveClock", options.receiveClock().name());
        return health;
    }

    /** Stops the server: closes the UDP socket and shuts down Californium's executors. */
    @Deactivate
    public void deactivate() {
        server.destroy();
        LOG.info("CoAP sensor server on udp {} stopped", options.bind());
    }
}
