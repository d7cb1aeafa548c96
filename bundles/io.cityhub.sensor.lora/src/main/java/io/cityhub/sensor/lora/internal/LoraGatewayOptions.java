package io.cityhub.sensor.lora.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validated configuration of the gateway; the limits here are the metatype's min/max. Public only for tests
 * and the tools; the package is not exported.
 *
 * @param bind where to listen
 * @param allowedGateways gateway EUIs taken; empty for any
 * @param netId NetID, 24 bits
 * @param rx2FrequencyHz RX2 frequency
 * @param rx2DataRate EU868 DR 0..5
 * @param txPowerDbm downlink power
 * @param dedupWindow duplicate window
 * @param downlinkLead how early a downlink must leave
 * @param sessionDirectory the configured session directory (resolved by {@link DataRoot})
 */
public record LoraGatewayOptions(InetSocketAddress bind, Set<Long> allowedGateways, int netId, long rx2FrequencyHz,
        int rx2DataRate, int txPowerDbm, Duration dedupWindow, Duration downlinkLead, String sessionDirectory) {

    static final int MAX_PORT = 65_535;
    static final int MIN_FREQUENCY_HZ = 863_000_000;
    static final int MAX_FREQUENCY_HZ = 870_000_000;
    static final int MAX_DATA_RATE = 5;
    static final int MAX_TX_POWER_DBM = 27;
    static final int MAX_DEDUP_MS = 10_000;
    static final int MAX_LEAD_MS = 900;

    static LoraGatewayOptions from(LoraGatewayConfig c) {
        String bindText = c.bind_address() == null ? "" : c.bind_address().trim();
        InetAddress address;
        // only literal addresses: a host name would make activation depend on DNS
        if (!bindText.matches("[0-9a-fA-F:.]+")) {
            throw bad("bind.address", c.bind_address(), "a literal IPv4 or IPv6 address");
        }
        try {
            address = InetAddress.getByName(bindText);
        } catch (UnknownHostException e) {
            throw bad("bind.address", c.bind_address(), "a literal IPv4 or IPv6 address");
        }
        range("port", c.port(), 0, MAX_PORT);
        Set<Long> allowed = new TreeSet<>();
        String euis = c.gateway_euis() == null ? "" : c.gateway_euis().trim();
        if (!euis.isEmpty()) {
            for (String part : euis.split(",")) {
                if (!part.trim().matches("[0-9a-fA-F]{16}")) {
                    throw bad("gateway.euis", c.gateway_euis(), "comma-separated EUIs of 16 hex digits, or empty");
                }
                allowed.add(Long.parseUnsignedLong(part.trim(), 16));
            }
        }
        String netId = c.net_id() == null ? "" : c.net_id().trim();
        if (!netId.matches("[0-9a-fA-F]{6}")) {
            throw bad("net.id", c.net_id(), "6 hex digits");
        }
        range("rx2.frequency.hz", c.rx2_frequency_hz(), MIN_FREQUENCY_HZ, MAX_FREQUENCY_HZ);
        range("rx2.data.rate", c.rx2_data_rate(), 0, MAX_DATA_RATE);
        range("tx.power.dbm", c.tx_power_dbm(), 0, MAX_TX_POWER_DBM);
        range("dedup.window.ms", c.dedup_window_ms(), 0, MAX_DEDUP_MS);
        range("downlink.lead.ms", c.downlink_lead_ms(), 0, MAX_LEAD_MS);
        String dir = c.session_directory() == null ? "" : c.session_directory().trim();
        if (dir.isEmpty()) {
            throw bad("session.directory", c.session_directory(), "a directory path");
        }
        return new LoraGatewayOptions(new InetSocketAddress(address, c.port()), Set.copyOf(allowed),
                Integer.parseInt(netId, 16), c.rx2_frequency_hz(), c.rx2_data_rate(), c.tx_power_dbm(),
                Duration.ofMillis(c.dedup_window_ms()), Duration.ofMillis(c.downlink_lead_ms()), dir);
    }

    /** @return RX2 frequency in MHz */
    double rx2FrequencyMhz() {
        return rx2FrequencyHz / 1e6;
    }

    /** @return the EU868 data rate name of RX2: DR0 = SF12BW125 … DR5 = SF7BW125 (RP 1.0.3revA §2.2.3) */
    String rx2DataRateName() {
        return "SF" + (12 - rx2DataRate) + "BW125";
    }

    private static void range(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(attribute, value, "between " + min + " and " + max);
        }
    }

    private static IllegalArgumentException bad(String attribute, Object value, String expected) {
        return new IllegalArgumentException(LoraGateway.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }
}
