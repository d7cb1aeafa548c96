package io.cityhub.sensor.coap.internal;

import io.cityhub.api.ClockQuality;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Validated configuration of the CoAP server. Public only for tests; the package is not exported. The bounds are
 * the constants below, which the metatype ({@link CoapSensorServerConfig}) uses as its min/max, so the web UI
 * accepts exactly what activation accepts.
 *
 * @param bind where to listen (port 0 picks a free one)
 * @param maxPayloadBytes largest request body taken, in one datagram or block-wise
 * @param receiveClock quality of the gateway clock that stamps receive times
 * @param busyMaxAgeSeconds Max-Age of a 5.03 answer
 * @param maxActivePeers how many peers' recent exchanges are remembered for deduplication
 * @param receiveBufferBytes the UDP socket's receive buffer (SO_RCVBUF) to ask the kernel for
 */
public record CoapOptions(InetSocketAddress bind, int maxPayloadBytes, ClockQuality receiveClock, int busyMaxAgeSeconds,
        int maxActivePeers, int receiveBufferBytes) {

    /** Metatype and code bound of {@code port}. */
    static final int MIN_PORT = 0;
    /** Metatype and code bound of {@code port}. */
    static final int MAX_PORT = 65_535;
    /** Metatype and code bound of {@code max.payload.bytes}. */
    static final int MIN_PAYLOAD_BYTES = 1;
    /**
     * Metatype and code bound of {@code max.payload.bytes}: 1 MiB. Bodies above what one UDP datagram carries
     * ({@link #MAX_DATAGRAM_BYTES}) arrive block-wise (RFC 7959), which Californium assembles in memory, so the bound
     * keeps one transfer's buffer small next to a gateway's heap.
     */
    static final int MAX_PAYLOAD_BYTES = 1_048_576;
    /** Metatype and code bound of {@code busy.max.age.seconds}. */
    static final int MIN_BUSY_MAX_AGE_SECONDS = 1;
    /** Metatype and code bound of {@code busy.max.age.seconds}: one day. */
    static final int MAX_BUSY_MAX_AGE_SECONDS = 86_400;
    /** Metatype and code bound of {@code max.active.peers}. */
    static final int MIN_ACTIVE_PEERS = 1;
    /** Metatype and code bound of {@code max.active.peers}. */
    static final int MAX_ACTIVE_PEERS = 100_000;
    /** Metatype and code bound of {@code receive.buffer.bytes}: the smallest buffer that holds one largest datagram. */
    static final int MIN_RECEIVE_BUFFER_BYTES = 65_536;
    /** Metatype and code bound of {@code receive.buffer.bytes}: 64 MiB. */
    static final int MAX_RECEIVE_BUFFER_BYTES = 67_108_864;
    /** Default of {@code receive.buffer.bytes}: 4 MiB (see the metatype description). */
    static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4_194_304;

    /**
     * Largest UDP datagram the server reads whole: the largest UDP payload over IPv6 (65,535 minus the 8-byte UDP
     * header; over IPv4 it is 65,507). A datagram is read into a buffer of this size, so any request the network can
     * carry is answered, 4.13 if its body is above {@code max.payload.bytes}, instead of being dropped unanswered.
     */
    static final int MAX_DATAGRAM_BYTES = 65_527;

    /** @throws IllegalArgumentException naming PID, attribute and value if one is out of range */
    public CoapOptions {
        check("max.payload.bytes", maxPayloadBytes, MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES);
        check("busy.max.age.seconds", busyMaxAgeSeconds, MIN_BUSY_MAX_AGE_SECONDS, MAX_BUSY_MAX_AGE_SECONDS);
        check("max.active.peers", maxActivePeers, MIN_ACTIVE_PEERS, MAX_ACTIVE_PEERS);
        check("receive.buffer.bytes", receiveBufferBytes, MIN_RECEIVE_BUFFER_BYTES, MAX_RECEIVE_BUFFER_BYTES);
    }

    /**
     * @param config the component's configuration
     * @return the validated options
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>}
     */
    static CoapOptions from(CoapSensorServerConfig config) {
        check("port", config.port(), MIN_PORT, MAX_PORT);
        String bindAddress = config.bind_address();
        InetAddress address;
        // only literal addresses: a host name would make activation depend on DNS
        if (bindAddress == null || !bindAddress.matches("[0-9a-fA-F:.]+(%[\\w.-]+)?")) {
            throw invalid("bind.address", bindAddress, "a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        }
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw invalid("bind.address", bindAddress, "a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        }
        return new CoapOptions(new InetSocketAddress(address, config.port()), config.max_payload_bytes(),
                config.clock_synchronised() ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED,
                config.busy_max_age_seconds(), config.max_active_peers(), config.receive_buffer_bytes());
    }

    /** @return whether changing from these options to {@code next} needs a new socket (see the metatype) */
    boolean needsRestartFor(CoapOptions next) {
        return !bind.equals(next.bind) || maxActivePeers != next.maxActivePeers
                || receiveBufferBytes != next.receiveBufferBytes;
    }

    private static void check(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(attribute, value, "an integer from " + min + " to " + max);
        }
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(CoapSensorServer.PID + ": attribute '" + attribute
                + "' has invalid value '" + value + "'; expected " + expected);
    }
}
