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
 * @param coapEnabled whether plain CoAP listens on {@code bind}
 * @param dtlsBind where CoAPS (DTLS 1.2) listens, or null if it is off
 * @param silentAfterIntervals how many reporting intervals a device may miss before it counts as silent
 * @param rateLimitPerMinute requests a device may send per minute on average; 0 for no limit
 * @param rateLimitBurst requests a device may send at once before the rate applies
 * @param ackDelayMillis how long a confirmable request's ACK waits for its answer before an empty ACK goes out
 */
public record CoapOptions(InetSocketAddress bind, int maxPayloadBytes, ClockQuality receiveClock, int busyMaxAgeSeconds,
        int maxActivePeers, int receiveBufferBytes, boolean coapEnabled, InetSocketAddress dtlsBind,
        int silentAfterIntervals, int rateLimitPerMinute, int rateLimitBurst, int ackDelayMillis) {

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
    /** Metatype and code bound of {@code silent.after.intervals}: one missed report is normal on a radio link. */
    static final int MIN_SILENT_AFTER_INTERVALS = 2;
    /** Metatype and code bound of {@code silent.after.intervals}. */
    static final int MAX_SILENT_AFTER_INTERVALS = 1_000;
    /** Metatype and code bound of {@code rate.limit.per.minute}; 0 is no limit. */
    static final int MIN_RATE_PER_MINUTE = 0;
    /** Metatype and code bound of {@code rate.limit.per.minute}: 1,000 a second. */
    static final int MAX_RATE_PER_MINUTE = 60_000;
    /** Metatype and code bound of {@code rate.limit.burst}. */
    static final int MIN_RATE_BURST = 1;
    /** Metatype and code bound of {@code rate.limit.burst}. */
    static final int MAX_RATE_BURST = 10_000;
    /** Metatype and code bound of {@code ack.delay.ms}: 0 sends the empty ACK at once. */
    static final int MIN_ACK_DELAY_MILLIS = 0;
    /**
     * Metatype and code bound of {@code ack.delay.ms}: half of RFC 7252's default ACK_TIMEOUT (2 s, §4.8), so a sensor
     * on the default never retransmits while its ACK waits.
     */
    static final int MAX_ACK_DELAY_MILLIS = 1_000;
    /** Default of {@code ack.delay.ms}: a tenth of ACK_TIMEOUT; an outbox commit takes a few milliseconds. */
    static final int DEFAULT_ACK_DELAY_MILLIS = 200;
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
        check("silent.after.intervals", silentAfterIntervals, MIN_SILENT_AFTER_INTERVALS, MAX_SILENT_AFTER_INTERVALS);
        check("rate.limit.per.minute", rateLimitPerMinute, MIN_RATE_PER_MINUTE, MAX_RATE_PER_MINUTE);
        check("rate.limit.burst", rateLimitBurst, MIN_RATE_BURST, MAX_RATE_BURST);
        check("ack.delay.ms", ackDelayMillis, MIN_ACK_DELAY_MILLIS, MAX_ACK_DELAY_MILLIS);
        if (!coapEnabled && dtlsBind == null) {
            throw invalid("coap.enabled", false, "true while dtls.enabled is false (the server must listen somewhere)");
        }
    }

    /**
     * @param config the component's configuration
     * @return the validated options
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>}
     */
    static CoapOptions from(CoapSensorServerConfig config) {
        check("port", config.port(), MIN_PORT, MAX_PORT);
        check("dtls.port", config.dtls_port(), MIN_PORT, MAX_PORT);
        InetAddress address = literal("bind.address", config.bind_address());
        InetSocketAddress dtls = config.dtls_enabled()
                ? new InetSocketAddress(literal("dtls.bind.address", config.dtls_bind_address()), config.dtls_port())
                : null;
        return new CoapOptions(new InetSocketAddress(address, config.port()), config.max_payload_bytes(),
                config.clock_synchronised() ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED,
                config.busy_max_age_seconds(), config.max_active_peers(), config.receive_buffer_bytes(),
                config.coap_enabled(), dtls, config.silent_after_intervals(), config.rate_limit_per_minute(),
                config.rate_limit_burst(), config.ack_delay_ms());
    }

    private static InetAddress literal(String attribute, String value) {
        // only literal addresses: a host name would make activation depend on DNS
        if (value == null || !value.matches("[0-9a-fA-F:.]+(%[\\w.-]+)?")) {
            throw invalid(attribute, value, "a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw invalid(attribute, value, "a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        }
    }

    /** @return whether changing from these options to {@code next} needs a new socket (see the metatype) */
    boolean needsRestartFor(CoapOptions next) {
        return !bind.equals(next.bind) || maxActivePeers != next.maxActivePeers
                || receiveBufferBytes != next.receiveBufferBytes || coapEnabled != next.coapEnabled
                || !java.util.Objects.equals(dtlsBind, next.dtlsBind);
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
