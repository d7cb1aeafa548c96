package io.cityhub.sensor.lora.internal;

import io.cityhub.api.clock.ClockState;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.gwmp.GwmpException;
import io.cityhub.sensor.lora.gwmp.Json;
import io.cityhub.sensor.lora.gwmp.PushData;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.gwmp.Txpk;
import io.cityhub.sensor.lora.lorawan.Bytes;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Semtech UDP packet-forwarder server (PROTOCOL.md v2) on one socket: acknowledges PUSH_DATA and PULL_DATA,
 * hands rxpk to {@link LoraNetwork}, keeps each gateway's status as health, and sends downlinks as PULL_RESP to the
 * address of the gateway's latest PULL_DATA (PROTOCOL.md §5.2: the only way through NAT). The receive thread only
 * reads, answers and queues datagrams (bounded; a full queue drops and counts, it never blocks the socket); a
 * second thread takes everything queued at once, so the session changes of all those frames share one commit
 * ({@link PushDataQueue}).
 */
@Component(configurationPid = LoraGateway.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ConfigurableComponent.class, HealthContributor.class}, immediate = true)
@Designate(ocd = LoraGatewayConfig.class)
public final class LoraGateway implements ConfigurableComponent, HealthContributor {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.lora.LoraGateway";

    private static final Logger LOG = LoggerFactory.getLogger(LoraGateway.class);
    /** Largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_507;
    /**
     * The TX_ACK error values PROTOCOL.md §6 defines. Any other text a sender puts there is counted as
     * {@code tx_ack.OTHER}: a counter name per arbitrary string would let one misbehaving sender grow the counters
     * and the health report without bound.
     */
    static final Set<String> TX_ACK_ERRORS = Set.of("NONE", "TOO_LATE", "TOO_EARLY", "COLLISION_PACKET",
            "COLLISION_BEACON", "TX_FREQ", "TX_POWER", "GPS_UNLOCKED");

    private final LoraGatewayOptions options;
    private final SessionStore store;
    private final Clock clock;
    private final LoraCounters counters;
    private final LoraNetwork network;
    private final DatagramSocket socket;
    private final Thread receiver;
    private final PushDataQueue queue;
    private final Map<Long, SocketAddress> pullAddresses = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Object>> gatewayStatus = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClockState clockState;

    /** Resolves a device's profile to its codec; without it, payloads are stored as hex text (LoraReadings). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceProfileRegistry profiles;

    /** Used by DS. */
    @Activate
    public LoraGateway(LoraGatewayConfig config, BundleContext context,
            @Reference(name = "sink") ObservationSink sink) {
        this(build(config, context), sink, Clock.systemUTC());
    }

    private LoraGateway(Setup setup, ObservationSink sink, Clock clock) {
        this(setup.options(), setup.sessionDirectory(), sink, clock);
    }

    /** Options and the resolved session directory, both validated before anything opens. */
    private record Setup(LoraGatewayOptions options, Path sessionDirectory) {
    }

    private static Setup build(LoraGatewayConfig config, BundleContext context) {
        try {
            LoraGatewayOptions options = LoraGatewayOptions.from(config);
            return new Setup(options, DataRoot.resolve(options.sessionDirectory(), context, PID, "session.directory"));
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    /**
     * Opens the socket and starts the receive and frame threads. For tests; the package is not exported.
     *
     * @throws IllegalStateException if the session directory or the UDP port cannot be used
     */
    public LoraGateway(LoraGatewayOptions options, Path sessionDirectory, ObservationSink sink, Clock clock) {
        this(options, sessionDirectory, sink, clock, PushDataQueue.CAPACITY);
    }

    LoraGateway(LoraGatewayOptions options, Path sessionDirectory, ObservationSink sink, Clock clock,
            int queueCapacity) {
        this.options = options;
        this.clock = clock;
        this.counters = new LoraCounters(clock, LOG);
        try {
            this.store = new SessionStore(sessionDirectory, SessionStore.DEFAULT_FOLD_BYTES, counters);
            this.socket = new DatagramSocket(options.bind());
        } catch (IOException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw new IllegalStateException(PID + ": cannot use udp " + options.bind() + " or session directory "
                    + sessionDirectory + ": " + e.getMessage(), e);
        }
        this.network = new LoraNetwork(options, sink, () -> clockState, () -> profiles, clock, this::sendDownlink,
                counters);
        this.queue = new PushDataQueue(queueCapacity, counters, this::pushData);
        this.receiver = new Thread(this::receiveLoop, "cityhub-lora-gwmp");
        receiver.setDaemon(true);
        receiver.start();
        LOG.info("LoRa packet-forwarder server listening on udp {}", socket.getLocalSocketAddress());
    }

    /**
     * For tests: the device-profile registry DS would inject.
     *
     * @param registry the registry, or null for none
     */
    public void profiles(DeviceProfileRegistry registry) {
        this.profiles = registry;
    }

    /** A configured device appears: resume its stored session. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void addDevice(LoraDevice device) {
        LoraDeviceOptions taken = network.device(device.options().devEui());
        if (taken != null) {
            // checked before the session is opened: opening it could rewrite the other device's session file
            counters.increment("devices.duplicate_dev_eui");
            LOG.error("LoRa: device {} not taken: its DevEUI is already configured by {}", device.options(), taken);
            return;
        }
        try {
            network.addDevice(new DeviceSession(device.options(), store));
        } catch (IOException e) {
            // a session file we cannot read must not be silently replaced: that would reopen the replay window
            counters.increment("devices.session_unreadable");
            LOG.error("LoRa: device {} not taken: its session cannot be read or written: {}", device.options(),
                    e.getMessage());
        }
    }

    /** A configured device goes away; its session file stays for when it comes back. */
    public synchronized void removeDevice(LoraDevice device) {
        network.removeDevice(device.options());
    }

    /** @return where the server listens (the real port when configured with 0) */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * @param name a counter such as {@code uplinks.accepted} or {@code dropped.replay}
     * @return its value
     */
    public long counter(String name) {
        return counters.get(name);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                handle(packet, clock.instant());
            } catch (SocketException e) {
                if (!socket.isClosed()) {
                    LOG.error("LoRa: packet-forwarder socket failed; no more uplinks: {}", e.getMessage());
                }
                return;
            } catch (IOException e) {
                counters.drop("socket_error", e.getMessage());
            } catch (RuntimeException e) {
                // the thread's outermost guard: one bad datagram never stops reception
                counters.increment("dropped.internal_error");
                LOG.error("LoRa: unexpected failure handling a datagram", e);
            }
        }
    }

    private void handle(DatagramPacket packet, Instant receivedAt) throws IOException {
        GwmpDatagram datagram;
        try {
            datagram = GwmpDatagram.parse(packet.getData(), packet.getLength());
        } catch (GwmpException e) {
            counters.drop("datagram_" + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage() + " from "
                    + packet.getSocketAddress());
            return;
        }
        GwmpDatagram.Type type = datagram.type();
        if (type == GwmpDatagram.Type.PUSH_DATA || type == GwmpDatagram.Type.PULL_DATA
                || type == GwmpDatagram.Type.TX_ACK) {
            if (!options.allowedGateways().isEmpty() && !options.allowedGateways().contains(datagram.gatewayEui())) {
                counters.drop("gateway_not_allowed", "gateway " + Bytes.hex(datagram.gatewayEui(), 16)
                        + " at " + packet.getSocketAddress() + " is not in gateway.euis");
                return;
            }
        }
        switch (type) {
            case PUSH_DATA -> {
                // acknowledged only when taken: the forwarder's statistics then show what the server dropped
                if (queue.offer(datagram, receivedAt)) {
                    reply(GwmpDatagram.ack(datagram.version(), datagram.token(), GwmpDatagram.Type.PUSH_ACK),
                            packet.getSocketAddress());
                }
            }
            case PULL_DATA -> {
                pullAddresses.put(datagram.gatewayEui(), packet.getSocketAddress());
                reply(GwmpDatagram.ack(datagram.version(), datagram.token(), GwmpDatagram.Type.PULL_ACK),
                        packet.getSocketAddress());
            }
            case TX_ACK -> txAck(datagram);
            default -> counters.drop("datagram_unexpected_type", type + " is sent by servers, not gateways");
        }
    }

    /** One batch of the frame thread: every rxpk of these datagrams, in the order received. */
    private void pushData(List<PushDataQueue.Queued> batch) {
        List<LoraNetwork.Heard> heard = new ArrayList<>();
        for (PushDataQueue.Queued q : batch) {
            pushData(q.datagram(), q.receivedAt(), heard);
        }
        network.uplinks(heard);
    }

    private void pushData(GwmpDatagram datagram, Instant receivedAt, List<LoraNetwork.Heard> heard) {
        if (datagram.json() == null) {
            counters.drop("datagram_bad_json", "PUSH_DATA without JSON");
            return;
        }
        PushData push;
        try {
            push = PushData.parse(datagram.json());
        } catch (GwmpException e) {
            counters.drop("datagram_" + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
            return;
        }
        for (GwmpException e : push.rejected()) {
            counters.drop("rxpk_" + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        if (!push.stat().isEmpty()) {
            gatewayStatus.put(datagram.gatewayEui(), Map.copyOf(push.stat()));
            counters.increment("stat.received");
        }
        for (Rxpk rx : push.packets()) {
            heard.add(new LoraNetwork.Heard(rx, datagram.gatewayEui(), receivedAt));
        }
    }

    private void txAck(GwmpDatagram datagram) {
        String error = "NONE";
        if (datagram.json() != null) {
            try {
                if (Json.parse(datagram.json()) instanceof Map<?, ?> root
                        && root.get("txpk_ack") instanceof Map<?, ?> ack && ack.get("error") instanceof String e) {
                    error = e;
                }
            } catch (Json.SyntaxException e) {
                counters.drop("datagram_bad_json", "TX_ACK: " + e.getMessage());
                return;
            }
        }
        String known = TX_ACK_ERRORS.contains(error) ? error : "OTHER";
        counters.increment("tx_ack." + known);
        if (!error.equals("NONE")) {
            counters.drop("downlink_refused", "gateway " + Bytes.hex(datagram.gatewayEui(), 16)
                    + " could not send a downlink: " + (known.equals("OTHER") ? "unknown error" : error));
        }
    }

    private boolean sendDownlink(long gatewayEui, Txpk txpk) {
        SocketAddress to = pullAddresses.get(gatewayEui);
        if (to == null) {
            return false;
        }
        try {
            reply(GwmpDatagram.pullResp(tokens.incrementAndGet() & 0xffff, txpk.toJson()), to);
            return true;
        } catch (IOException e) {
            counters.drop("socket_error", "PULL_RESP to " + to + ": " + e.getMessage());
            return false;
        }
    }

    private void reply(byte[] data, SocketAddress to) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    @Override
    public String healthSection() {
        return "lora";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>(counters.snapshot());
        health.put("endpoint", "udp " + socket.getLocalSocketAddress());
        health.put("running", receiver.isAlive() && queue.running());
        health.put("queue.depth", queue.depth());
        health.put("ingest.in_flight", network.ingestInFlight());
        long commits = counters.get("sessions.commits");
        if (commits > 0) {
            health.put("sessions.frames_per_commit", Math.round(10.0 * counters.get("sessions.committed_frames")
                    / commits) / 10.0);
        }
        health.put("devices", network.devices());
        gatewayStatus.forEach((eui, stat) -> stat.forEach((k, v) -> health.put("gateway." + Bytes.hex(eui, 16)
                + "." + k, v)));
        return health;
    }

    /** Closes the socket, handles what was queued before (bounded in time), and closes the session files. */
    @Deactivate
    public void deactivate() throws InterruptedException {
        SocketAddress bound = socket.getLocalSocketAddress();
        socket.close();
        receiver.join(5_000);
        queue.stop();
        store.close();
        LOG.info("LoRa packet-forwarder server on udp {} stopped", bound);
    }
}
