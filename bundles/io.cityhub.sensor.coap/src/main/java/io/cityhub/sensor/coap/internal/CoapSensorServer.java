package io.cityhub.sensor.coap.internal;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.ObservationSink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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

    /** Current options: the live attributes change in {@link #modified}, the socket attributes with a new listener. */
    private final AtomicReference<CoapOptions> options;
    private final CoapCounters counters = new CoapCounters();
    private final ObservationSink sink;
    private final Clock clock;
    private final BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors;
    /** The open socket; replaced only when a socket attribute changes (see {@link #modified}). */
    private final AtomicReference<Listener> listener = new AtomicReference<>();

    /** One open UDP socket with the Californium server on it. */
    private record Listener(UDPConnector connector, CoapEndpoint endpoint, CoapServer server) {
    }

    /** Used by DS. */
    @Activate
    public CoapSensorServer(CoapSensorServerConfig config, @Reference(name = "sink") ObservationSink sink) {
        this(optionsOrLog(config, "activation"), sink, Clock.systemUTC(), UDPConnector::new);
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
        this(options, sink, clock, UDPConnector::new);
    }

    /** @param connectors makes the UDP connector from the bind address and configuration (tests wrap it) */
    CoapSensorServer(CoapOptions options, ObservationSink sink, Clock clock,
            BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors) {
        this.options = new AtomicReference<>(Objects.requireNonNull(options, "options"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        listener.set(open(options));
    }

    /** @throws IllegalStateException naming PID and address if the socket cannot be bound; logged at ERROR */
    private Listener open(CoapOptions socketOptions) {
        Configuration configuration = configuration(socketOptions);
        UDPConnector connector = connectors.apply(socketOptions.bind(), configuration);
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConnector(connector)
                .setConfiguration(configuration)
                .build();
        endpoint.addInterceptor(new PayloadLimitInterceptor(() -> options.get().maxPayloadBytes()));
        endpoint.addPostProcessInterceptor(new SentResponseCounter(counters));
        CoapServer server = new CoapServer(configuration);
        server.addEndpoint(endpoint);
        server.add(new ReadingsResource(sink, options::get, clock, counters), new HealthResource(this));
        try {
            server.start();
        } catch (IllegalStateException e) {
            server.destroy();
            LOG.error("{}: activation failed: cannot listen on udp {}: {}", PID, socketOptions.bind(), e.getMessage());
            throw new IllegalStateException(PID + ": cannot listen on udp " + socketOptions.bind() + ": "
                    + e.getMessage(), e);
        }
        logReceiveBuffer(connector, socketOptions.receiveBufferBytes());
        LOG.info("CoAP sensor server listening on udp {}, max payload {} bytes", endpoint.getAddress(),
                socketOptions.maxPayloadBytes());
        return new Listener(connector, endpoint, server);
    }

    /**
     * Californium's defaults, never read from or written to a properties file (Configuration.getStandard() would
     * write Californium3.properties into the working directory), with the body limit applied to blockwise
     * transfers too (RFC 7959 §2.9.3: the server answers 4.13 when a Block1 body grows too large).
     *
     * <p>Every datagram is read whole ({@link CoapOptions#MAX_DATAGRAM_BYTES}): Californium's default of 2,048 bytes
     * drops a larger datagram without any answer, so a 3 KB body sent in one datagram timed out although
     * {@code max.payload.bytes} allowed it.
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
        configuration.set(UdpConfig.UDP_DATAGRAM_SIZE, CoapOptions.MAX_DATAGRAM_BYTES);
        configuration.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, options.receiveBufferBytes());
        configuration.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        configuration.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUP_MESSAGES_PER_PEER);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, options.maxActivePeers());
        return configuration;
    }

    /** Linux silently caps SO_RCVBUF at net.core.rmem_max; say once what the socket really got. */
    private static void logReceiveBuffer(UDPConnector connector, int requested) {
        Integer effective = connector.getReceiveBufferSize();
        if (effective != null && effective < requested) {
            LOG.warn("CoAP receive buffer is {} bytes, less than the {} asked for (receive.buffer.bytes): the kernel "
                    + "caps it at net.core.rmem_max; raise that (sysctl -w net.core.rmem_max={}) so bursts of "
                    + "requests are not dropped", effective, requested, requested);
        } else {
            LOG.info("CoAP receive buffer is {} bytes", effective);
        }
    }

    /**
     * Applies a changed configuration: {@code max.payload.bytes}, {@code busy.max.age.seconds} and
     * {@code clock.synchronised} on the open socket; a change of bind address, port, {@code max.active.peers} or
     * {@code receive.buffer.bytes} closes the socket and opens a new one (answers still pending on the old socket are
     * lost; the sensors retransmit).
     *
     * @param config the new configuration
     * @throws IllegalArgumentException if it is invalid; the running server keeps its options
     * @throws IllegalStateException if the new socket cannot be bound; the server then listens as before if it can
     */
    @Modified
    synchronized void modified(CoapSensorServerConfig config) {
        CoapOptions requested = optionsOrLog(config, "modification");
        CoapOptions current = options.get();
        if (!current.needsRestartFor(requested)) {
            options.set(requested);
            LOG.info("{}: now max.payload.bytes={}, busy.max.age.seconds={}, receive clock {}", PID,
                    requested.maxPayloadBytes(), requested.busyMaxAgeSeconds(), requested.receiveClock());
            return;
        }
        LOG.info("{}: socket attributes changed; reopening the CoAP socket on udp {}", PID, requested.bind());
        listener.get().server().destroy();
        options.set(requested);
        try {
            listener.set(open(requested));
        } catch (IllegalStateException e) {
            options.set(current);
            listener.set(open(current));
            throw e;
        }
    }

    private static CoapOptions optionsOrLog(CoapSensorServerConfig config, String what) {
        try {
            return CoapOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} failed: {}", PID, what, e.getMessage());
            throw e;
        }
    }

    /** @return the address the server listens on (with the real port when configured with port 0) */
    InetSocketAddress address() {
        return listener.get().endpoint().getAddress();
    }

    @Override
    public String healthSection() {
        return "coap";
    }

    @Override
    public Map<String, Object> health() {
        CoapOptions current = options.get();
        Listener open = listener.get();
        Map<String, Object> health = new TreeMap<>(counters.snapshot());
        health.put("endpoint", "udp " + open.endpoint().getAddress());
        health.put("running", open.endpoint().isStarted());
        health.put("receiveClock", current.receiveClock().name());
        health.put("maxPayloadBytes", current.maxPayloadBytes());
        Integer buffer = open.connector().getReceiveBufferSize();
        health.put("receiveBufferBytes", buffer == null ? -1 : buffer);
        return health;
    }

    /** Stops the server: closes the UDP socket and shuts down Californium's executors. */
    @Deactivate
    public synchronized void deactivate() {
        listener.get().server().destroy();
        LOG.info("CoAP sensor server on udp {} stopped", options.get().bind());
    }
}
