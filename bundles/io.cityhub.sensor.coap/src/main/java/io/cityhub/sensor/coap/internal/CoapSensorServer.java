package io.cityhub.sensor.coap.internal;

import io.cityhub.api.clock.ClockState;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.api.traffic.SignalTimingListener;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.Filter;
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
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoAP (RFC 7252) server for sensors on the local network: takes SenML readings and answers each request only
 * once ingest reports them durable; serves the intersections' SPaT to roadside apps ({@code /spat}, observable). The
 * only component that sees Californium.
 */
// immediate: the server must listen as soon as ingest is there, not when some consumer first gets its services
@Component(configurationPid = CoapSensorServer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ConfigurableComponent.class, HealthContributor.class, SignalTimingListener.class}, immediate = true)
@Designate(ocd = CoapSensorServerConfig.class)
public final class CoapSensorServer implements ConfigurableComponent, HealthContributor, SignalTimingListener {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.coap.CoapSensorServer";

    private static final Logger LOG = LoggerFactory.getLogger(CoapSensorServer.class);

    /** Current options: the live attributes change in {@link #modified}, the socket attributes with a new listener. */
    private final AtomicReference<CoapOptions> options;
    private final CoapCounters counters = new CoapCounters();
    private final ObservationSink sink;
    private final Clock clock;
    private final BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors;
    private final DeviceDirectory devices = new DeviceDirectory();
    private final SilenceWatch silence;
    private final PayloadRouter router;
    private final RateLimiter limiter = new RateLimiter(System::nanoTime);
    private final SpatResources spat = new SpatResources();
    private final CoapSockets sockets;
    private final ScheduledExecutorService timer;
    private final Map<CoapObserver, ObserveSession> observing = new java.util.concurrent.ConcurrentHashMap<>();
    /** The gateway's DTLS key and trusted CA certificates; replaced with the sockets. */
    private final AtomicReference<DtlsCertificates> certificates;
    /** Decrypts {@code dtls.private.key}; null where no CryptoService is registered. */
    private final CryptoService crypto;
    /** The open sockets; replaced only when a socket attribute changes (see {@link #modified}). */
    private final AtomicReference<CoapSockets.Listener> listener = new AtomicReference<>();
    /** The gateway's clock state while one is registered, else null: {@code clock.synchronised} applies then. */
    private volatile ClockState clockState;
    /** Random per start: with {@link #receipts}, receipt ids no restart and no clock step can repeat. */
    private final String receiptToken = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    private final AtomicLong receipts = new AtomicLong();

    /** Used by DS. */
    @Activate
    public CoapSensorServer(CoapSensorServerConfig config, @Reference(name = "sink") ObservationSink sink,
            @Reference(name = "sessions") DtlsSessions sessions,
            @Reference(name = "crypto", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) CryptoService crypto) {
        this(optionsOrLog(config, "activation"), sink, Clock.systemUTC(), UDPConnector::new, sessions,
                certificatesOrLog(config, crypto, "activation"), crypto);
    }

    /** For tests: the server with sessions of its own and no CryptoService. */
    CoapSensorServer(CoapSensorServerConfig config, ObservationSink sink) {
        this(config, sink, new DtlsSessions(), null);
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
        this(options, sink, clock, connectors, new DtlsSessions(), DtlsCertificates.NONE, null);
    }

    /**
     * @param connectors makes the UDP connector from the bind address and configuration (tests wrap it)
     * @param sessions keeps DTLS sessions across restarts of this component
     * @param certificates the gateway's key for raw public keys and X.509, and the trusted CA certificates
     * @param crypto decrypts {@code dtls.private.key} on a configuration change; null if there is none
     */
    CoapSensorServer(CoapOptions options, ObservationSink sink, Clock clock,
            BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors, DtlsSessions sessions,
            DtlsCertificates certificates, CryptoService crypto) {
        this.options = new AtomicReference<>(Objects.requireNonNull(options, "options"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.certificates = new AtomicReference<>(Objects.requireNonNull(certificates, "certificates"));
        this.crypto = crypto;
        this.silence = new SilenceWatch(sink, this::stamp, () -> this.options.get().silentAfterIntervals());
        this.router = new PayloadRouter(sink, devices);
        this.sockets = new CoapSockets(connectors, devices, counters, () -> this.options.get().maxPayloadBytes(),
                Objects.requireNonNull(sessions, "sessions"));
        ScheduledThreadPoolExecutor timerThread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cityhub-coap-timer");
            thread.setDaemon(true);
            return thread;
        });
        // a request's empty-ACK timer is cancelled when its answer goes out first: take it off the queue at once
        timerThread.setRemoveOnCancelPolicy(true);
        this.timer = timerThread;
        listener.set(open(options));
        timer.scheduleWithFixedDelay(this::checkSilence, 1, 1, TimeUnit.SECONDS);
    }

    /** @throws IllegalStateException naming PID and address if a socket cannot be bound; logged at ERROR */
    private CoapSockets.Listener open(CoapOptions socketOptions) {
        return sockets.open(socketOptions, certificates.get(), new ReadingsResource(options::get, this::stamp,
                counters, devices, router, limiter, silence, timer), new HealthResource(this), spat.resource());
    }

    /**
     * The time and clock quality readings are stamped with: from {@link ClockState} if there is one; and a receipt
     * id, since the clock may show the same time twice (see {@link io.cityhub.api.SourceMetadata#RECEIPT_ID}).
     */
    SilenceWatch.Stamp stamp() {
        ClockState state = clockState;
        String receipt = receiptToken + ":" + receipts.incrementAndGet();
        return state != null ? new SilenceWatch.Stamp(state.now(), state.quality(), receipt)
                : new SilenceWatch.Stamp(clock.instant(), options.get().receiveClock(), receipt);
    }

    /** Raises sensor-silent for every device whose silence passed its limit; the timer calls it every second. */
    void checkSilence() {
        try {
            silence.check();
        } catch (RuntimeException e) {
            // the timer thread's outermost guard: a failed check must not stop the next ones
            LOG.error("CoAP silent-sensor check failed", e);
        }
    }

    /** @param state the gateway's clock state service */
    @Reference(name = "clockState", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClockState(ClockState state) {
        clockState = state;
    }

    void unbindClockState(ClockState state) {
        if (clockState == state) {
            clockState = null;
        }
    }

    /** @param registry the device-profile registry */
    @Reference(name = "profiles", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProfiles(DeviceProfileRegistry registry) {
        devices.profiles(registry);
    }

    void unbindProfiles(DeviceProfileRegistry registry) {
        devices.profilesGone(registry);
    }

    /** A payload codec is installed: octet-stream bodies of devices whose profile names it can be decoded. */
    @Reference(name = "codecs", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCodec(PayloadCodec codec, Map<String, Object> properties) {
        devices.codecAdded(codecId(codec, properties));
    }

    void removeCodec(PayloadCodec codec, Map<String, Object> properties) {
        devices.codecRemoved(codecId(codec, properties));
    }

    private static String codecId(PayloadCodec codec, Map<String, Object> properties) {
        Object id = properties.get(PayloadCodec.CODEC_ID);
        return id instanceof String text && !text.isBlank() ? text : codec.id();
    }

    /** A configured device appears: its identity may handshake, its silence is watched. */
    @Reference(name = "devices", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(CoapDevice device) {
        try {
            devices.add(device.options());
            silence.add(device.options());
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} ignored: {}", PID, device.options(), e.getMessage());
        }
    }

    /** A configured observer appears: the resource is observed (or polled) from now on. */
    @Reference(name = "observers", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addObserver(CoapObserver observer) {
        observing.put(observer, new ObserveSession(observer.options(), router, this::stamp, counters, timer,
                System::nanoTime));
    }

    /** An observer configuration is deleted: its observation is cancelled. */
    void removeObserver(CoapObserver observer) {
        ObserveSession session = observing.remove(observer);
        if (session != null) {
            session.close();
        }
    }

    /** A device configuration is deleted: its identity can no longer handshake or post. */
    void removeDevice(CoapDevice device) {
        devices.remove(device.options());
        silence.remove(device.options());
        CoapSockets.Listener open = listener.get();
        if (open != null && open.dtls() != null && device.options().usesDtls()) {
            // end its sessions now, not when they expire (RFC 6347 §4.2.8 would let them resume otherwise)
            CoapDeviceOptions gone = device.options();
            open.dtls().startTerminateConnectionsForPrincipal(
                    (Filter<java.security.Principal>) peer -> DeviceDirectory.belongsTo(gone, peer));
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
        DtlsCertificates requestedCertificates = certificatesOrLog(config, crypto, "modification");
        CoapOptions current = options.get();
        DtlsCertificates currentCertificates = certificates.get();
        if (!current.needsRestartFor(requested) && currentCertificates.equals(requestedCertificates)) {
            options.set(requested);
            LOG.info("{}: now max.payload.bytes={}, busy.max.age.seconds={}, receive clock {}", PID,
                    requested.maxPayloadBytes(), requested.busyMaxAgeSeconds(), requested.receiveClock());
            return;
        }
        LOG.info("{}: socket attributes changed; reopening the CoAP sockets: {}", PID, CoapSockets.describe(requested));
        sockets.close(listener.get());
        options.set(requested);
        certificates.set(requestedCertificates);
        try {
            listener.set(open(requested));
        } catch (IllegalStateException e) {
            options.set(current);
            certificates.set(currentCertificates);
            listener.set(open(current));
            throw e;
        }
    }

    private static DtlsCertificates certificatesOrLog(CoapSensorServerConfig config, CryptoService crypto,
            String what) {
        try {
            return DtlsCertificates.from(config.dtls_private_key(), config.dtls_certificate(),
                    config.dtls_trusted_certificates(), crypto);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} failed: {}", PID, what, e.getMessage());
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

    /** @return the address plain CoAP listens on (with the real port when configured with port 0) */
    InetSocketAddress address() {
        return listener.get().endpoint().getAddress();
    }

    /** @return the open sockets (for tests and the CoAPS benchmark) */
    CoapSockets.Listener sockets() {
        return listener.get();
    }

    /** @return the address CoAPS listens on (with the real port when configured with port 0) */
    InetSocketAddress dtlsAddress() {
        return listener.get().dtlsEndpoint().getAddress();
    }


    /** A traffic controller's SPaT changed: served on {@code /spat/<intersection>}; never blocks its tick thread. */
    @Override
    public void signalTiming(SignalTiming timing) {
        spat.update(timing);
    }

    @Override
    public String healthSection() {
        return "coap";
    }

    @Override
    public Map<String, Object> health() {
        CoapOptions current = options.get();
        CoapSockets.Listener open = listener.get();
        Map<String, Object> health = new TreeMap<>(counters.snapshot());
        health.put("endpoint", open.endpoint() == null ? "off" : "udp " + open.endpoint().getAddress());
        health.put("dtlsCredentials", open.dtlsEndpoint() == null ? "off" : "pre-shared keys"
                + (certificates.get().enabled() ? ", " + certificates.get() : ""));
        health.put("dtlsEndpoint", open.dtlsEndpoint() == null ? "off" : "dtls " + open.dtlsEndpoint().getAddress());
        health.put("running", (open.endpoint() == null || open.endpoint().isStarted())
                && (open.dtlsEndpoint() == null || open.dtlsEndpoint().isStarted()));
        health.put("receiveClock", stamp().quality().name());
        health.put("clockSource", clockState == null ? "clock.synchronised" : "ClockState");
        health.put("maxPayloadBytes", current.maxPayloadBytes());
        Integer buffer = open.connector() == null ? null : open.connector().getReceiveBufferSize();
        health.put("receiveBufferBytes", buffer == null ? -1 : buffer);
        health.put("devices", devices.devices().size());
        health.put("observers", observing.size());
        health.put("silentSensors", String.join(",", silence.silentSensors()));
        return health;
    }

    /** Stops the server: closes the UDP socket and shuts down Californium's executors. */
    @Deactivate
    public synchronized void deactivate() {
        observing.values().forEach(ObserveSession::close);
        observing.clear();
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("CoAP timer (silent sensors, observers) did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.close(listener.get());
        spat.close();
        LOG.info("CoAP sensor server on udp {} stopped", options.get().bind());
    }
}
