package io.cityhub.sensor.coap.internal;

import io.cityhub.api.ClockQuality;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Validated configuration of the CoAP server. Public only for tests; the package is not exported.
 *
 * @param bind where to listen (port 0 picks a free one)
 * @param maxPayloadBytes largest request payload taken, at least 1
 * @param receiveClock quality of the gateway clock that stamps receive times
 * @param busyMaxAgeSeconds Max-Age of a 5.03 answer, at least 1
 * @param maxActivePeers how many peers' recent exchanges are remembered for deduplication, at least 1
 */
public record CoapOptions(InetSocketAddress bind, int maxPayloadBytes, ClockQuality receiveClock, int busyMaxAgeSeconds,
        int maxActivePeers) {

    /** @throws IllegalArgumentException naming the attribute and value if one is out of range */
    public CoapOptions {
        if (maxPayloadBytes < 1 || maxPayloadBytes > 1_048_576) {
            throw invalid("max.payload.bytes", maxPayloadBytes);
        }
        if (busyMaxAgeSeconds < 1 || busyMaxAgeSeconds > 86_400) {
            throw invalid("busy.max.age.seconds", busyMaxAgeSeconds);
        }
        if (maxActivePeers < 1 || maxActivePeers > 100_000) {
            throw invalid("max.active.peers", maxActivePeers);
        }
    }

    static CoapOptions from(CoapSensorServerConfig config) {
        if (config.port() < 0 || config.port() > 65_535) {
            throw invalid("port", config.port());
        }
        InetAddress address;
        try {
            // only literal addresses: a host name would make activation depend on DNS
            if (!config.bind_address().matches("[0-9a-fA-F:.]+(%[\\w.-]+)?")) {
                throw invalid("bind.address", config.bind_address());
            }
            address = InetAddress.getByName(config.bind_address());
        } catch (UnknownHostException e) {
            throw invalid("bind.address", config.bind_address());
        }
        return new CoapOptions(new InetSocketAddress(address, config.port()), config.max_payload_bytes(),
                config.clock_synchronised() ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED,
                config.busy_max_age_seconds(), config.max_active_peers());
    }

    private static IllegalArgumentException invalid(String attribute, Object value) {
        return new IllegalArgumentException(CoapSensorServer.PID + ": invalid " + attribute + " '" + value + "'");
    }
}
