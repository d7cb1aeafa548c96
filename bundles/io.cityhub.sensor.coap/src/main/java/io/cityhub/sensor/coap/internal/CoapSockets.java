package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes the server's sockets: plain CoAP (UDP) and CoAPS (DTLS 1.2), each with its Californium endpoint,
 * under one Californium server. DTLS sessions are carried from the sockets closed to the next ones opened.
 */
final class CoapSockets {

    /** Exchanges remembered per peer for deduplication; see {@link #configuration(CoapOptions)}. */
    private static final int DEDUP_MESSAGES_PER_PEER = 4;

    private static final Logger LOG = LoggerFactory.getLogger(CoapSockets.class);

    private final BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors;
    private final DeviceDirectory devices;
    private final CoapCounters counters;
    private final IntSupplier maxPayloadBytes;
    private final DtlsSessions sessions;

    /**
     * @param connectors makes the UDP connector from the bind address and configuration (tests wrap it)
     * @param devices the devices whose keys DTLS takes
     * @param counters counts responses and handshakes
     * @param maxPayloadBytes the current {@code max.payload.bytes}
     * @param sessions keeps the DTLS sessions from the sockets closed for the next ones opened
     */
    CoapSockets(BiFunction<InetSocketAddress, Configuration, UDPConnector> connectors, DeviceDirectory devices,
            CoapCounters counters, IntSupplier maxPayloadBytes, DtlsSessions sessions) {
        this.sessions = sessions;
        this.connectors = connectors;
        this.devices = devices;
        this.counters = counters;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * The open sockets with the Californium server on them.
     *
     * @param connector the plain CoAP socket, null if plain CoAP is off
     * @param endpoint its endpoint, null if plain CoAP is off
     * @param dtls the DTLS socket, null if DTLS is off
     * @param dtlsEndpoint its endpoint, null if DTLS is off
     */
    record Listener(UDPConnector connector, CoapEndpoint endpoint, DTLSConnector dtls,
            CoapEndpoint dtlsEndpoint, CoapServer server) {
    }

    /** @throws IllegalStateException naming PID and address if a socket cannot be bound; logged at ERROR */
    Listener open(CoapOptions socketOptions, DtlsCertificates certificates, Resource... resources) {
        Configuration configuration = configuration(socketOptions);
        CoapServer server = new CoapServer(configuration);
        UDPConnector connector = null;
        CoapEndpoint endpoint = null;
        if (socketOptions.coapEnabled()) {
            connector = connectors.apply(socketOptions.bind(), configuration);
            endpoint = endpoint(connector, configuration);
            server.addEndpoint(endpoint);
        }
        DTLSConnector dtls = null;
        CoapEndpoint dtlsEndpoint = null;
        if (socketOptions.dtlsBind() != null) {
            dtls = DtlsEndpoints.connector(socketOptions.dtlsBind(), configuration, new DevicePskStore(devices),
                    counters, sessions.store(), certificates, devices);
            dtlsEndpoint = endpoint(dtls, configuration);
            server.addEndpoint(dtlsEndpoint);
        }
        server.add(resources);
        try {
            if (dtls != null) {
                sessions.restoreInto(dtls);
            }
            server.start();
        } catch (IllegalStateException e) {
            server.destroy();
            String where = describe(socketOptions);
            LOG.error("{}: activation failed: cannot listen on {}: {}", CoapSensorServer.PID, where, e.getMessage());
            throw new IllegalStateException(
                    CoapSensorServer.PID + ": cannot listen on " + where + ": " + e.getMessage(), e);
        }
        if (connector != null) {
            logReceiveBuffer(connector, socketOptions.receiveBufferBytes());
            LOG.info("CoAP sensor server listening on udp {}, max payload {} bytes", endpoint.getAddress(),
                    socketOptions.maxPayloadBytes());
        }
        if (dtlsEndpoint != null) {
            LOG.info("CoAPS (DTLS 1.2: pre-shared keys{}) sensor server listening on udp {}",
                    certificates.enabled() ? ", " + certificates : "", dtlsEndpoint.getAddress());
        }
        return new Listener(connector, endpoint, dtls, dtlsEndpoint, server);
    }

    private CoapEndpoint endpoint(Connector connector, Configuration configuration) {
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConnector(connector)
                .setConfiguration(configuration)
                .build();
        endpoint.addInterceptor(new PayloadLimitInterceptor(maxPayloadBytes));
        endpoint.addPostProcessInterceptor(new SentResponseCounter(counters));
        return endpoint;
    }

    static String describe(CoapOptions socketOptions) {
        return (socketOptions.coapEnabled() ? "udp " + socketOptions.bind() : "")
                + (socketOptions.coapEnabled() && socketOptions.dtlsBind() != null ? " and " : "")
                + (socketOptions.dtlsBind() != null ? "dtls " + socketOptions.dtlsBind() : "");
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
     * {@code max.active.peers} peers still answers every retransmission a sensor makes: a sensor has one request
     * outstanding (NSTART = 1, §4.7) and retransmits it before it sends the next. A remembered exchange holds the
     * request and the answer, about 3.4 KB on the heap, so the bound is also the memory: 512 peers x 4 is 7 MB (16 per
     * peer was 28 MB, too much for a gateway's 72 MB heap).
     */
    private static Configuration configuration(CoapOptions options) {
        CoapConfig.register();
        UdpConfig.register();
        DtlsEndpoints.register();
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, options.maxPayloadBytes());
        configuration.set(UdpConfig.UDP_DATAGRAM_SIZE, CoapOptions.MAX_DATAGRAM_BYTES);
        configuration.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, options.receiveBufferBytes());
        configuration.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        configuration.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUP_MESSAGES_PER_PEER);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, options.maxActivePeers());
        // RFC 7641 §4.5: observers of /spat get non-confirmable notifications, regularly a confirmable one
        configuration.set(CoapConfig.NOTIFICATION_CHECK_INTERVAL_COUNT, SpatResource.CON_EVERY_NOTIFICATIONS);
        configuration.set(CoapConfig.NOTIFICATION_CHECK_INTERVAL_TIME, SpatResource.CON_EVERY_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
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

    /** Keeps the DTLS sessions for the next socket (see {@link DtlsSessions}), then closes everything. */
    void close(Listener open) {
        if (open.dtls() != null) {
            open.dtls().stop();
            sessions.saveFrom(open.dtls());
        }
        open.server().destroy();
    }
}
