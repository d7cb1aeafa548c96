package io.cityhub.sensor.lora.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The LoRaWAN gateway (Kura web UI: "cityhub LoRaWAN gateway"). */
@ObjectClassDefinition(id = LoraGateway.PID, name = "cityhub LoRaWAN gateway",
        description = "Semtech UDP packet-forwarder server (protocol v2) terminating LoRaWAN 1.0.x for the devices"
                + " configured as 'cityhub LoRaWAN device'. Every attribute takes effect after a restart of the"
                + " component (saving restarts it; sessions are kept on disk). ADR is not supported.")
@interface LoraGatewayConfig {

    @AttributeDefinition(name = "Bind address",
            description = "Local IP address to listen on. The protocol has no authentication: keep 127.0.0.1 when"
                    + " lora_pkt_fwd runs on this gateway; 0.0.0.0 for all IPv4 interfaces.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "UDP port", min = "0", max = "" + LoraGatewayOptions.MAX_PORT,
            description = "The packet forwarder's serv_port_up and serv_port_down. 0 picks a free port (tests).")
    int port() default 1700;

    @AttributeDefinition(name = "Allowed gateway EUIs", required = false,
            description = "Comma-separated gateway EUIs (16 hex digits each) whose datagrams are taken; empty"
                    + " accepts any.")
    String gateway_euis() default "";

    @AttributeDefinition(name = "NetID",
            description = "NetID of this network, 6 hex digits; its low 7 bits prefix the DevAddrs given to OTAA"
                    + " devices (LoRaWAN 1.0.2 §6.1.1). 000000 or 000001 for a private network.")
    String net_id() default "000000";

    @AttributeDefinition(name = "RX2 frequency (Hz)", min = "" + LoraGatewayOptions.MIN_FREQUENCY_HZ,
            max = "" + LoraGatewayOptions.MAX_FREQUENCY_HZ,
            description = "Frequency of the second receive window; EU868 default 869525000.")
    int rx2_frequency_hz() default 869_525_000;

    @AttributeDefinition(name = "RX2 data rate", min = "0", max = "" + LoraGatewayOptions.MAX_DATA_RATE,
            description = "EU868 data rate of the second receive window: 0 = SF12BW125 (default) … 5 = SF7BW125.")
    int rx2_data_rate() default 0;

    @AttributeDefinition(name = "Downlink power (dBm)", min = "0", max = "" + LoraGatewayOptions.MAX_TX_POWER_DBM,
            description = "Transmit power of ACKs and join accepts; EU868 allows 14 dBm EIRP in RX1 (16 dBm in 869.525"
                    + " MHz RX2).")
    int tx_power_dbm() default 14;

    @AttributeDefinition(name = "Duplicate window (ms)", min = "0", max = "" + LoraGatewayOptions.MAX_DEDUP_MS,
            description = "The same frame heard again within this time (a second antenna or concentrator) is"
                    + " dropped as a duplicate. Keep it below a device's retransmission delay (1 s or more).")
    int dedup_window_ms() default 500;

    @AttributeDefinition(name = "Downlink lead (ms)", min = "0", max = "" + LoraGatewayOptions.MAX_LEAD_MS,
            description = "How long before a receive window the PULL_RESP must leave so the packet forwarder can"
                    + " still schedule it; later downlinks go to RX2 or are dropped (dropped.too_late).")
    int downlink_lead_ms() default 300;

    @AttributeDefinition(name = "Session directory",
            description = "Where device sessions are kept (crash-safe files). Relative paths resolve against the"
                    + " gateway's data directory (the cityhub.data.dir property, else the bundle's storage area).")
    String session_directory() default "lora/sessions";
}
