package io.cityhub.sensor.coap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** CoAP server for sensors (Kura web UI: "cityhub CoAP sensor server"). */
@ObjectClassDefinition(id = CoapSensorServer.PID, name = "cityhub CoAP sensor server",
        description = "Takes SenML readings by CoAP POST to /readings or /readings/{sensorId} and answers once they are"
                + " durable.")
@interface CoapSensorServerConfig {

    @AttributeDefinition(name = "Bind address",
            description = "Local IP address to listen on; 0.0.0.0 for all IPv4 interfaces, :: for all interfaces.")
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "Port", min = "0", max = "65535",
            description = "UDP port (RFC 7252: 5683). 0 picks a free port (tests only).")
    int port() default 5683;

    @AttributeDefinition(name = "Max payload (bytes)", min = "1", max = "1048576",
            description = "Larger request payloads, also when sent blockwise, are answered with 4.13.")
    int max_payload_bytes() default 4096;

    @AttributeDefinition(name = "Clock synchronised",
            description = "Whether the gateway clock is known to be synchronised (NTP/GNSS). Readings stamped with the"
                    + " receive time carry SYNCHRONISED if true, UNSYNCHRONISED if false.")
    boolean clock_synchronised() default false;

    @AttributeDefinition(name = "Retry after (s)", min = "1", max = "86400",
            description = "Max-Age of the 5.03 answer when the outbox cannot take readings: when the sensor should retry.")
    int busy_max_age_seconds() default 30;

    @AttributeDefinition(name = "Max remembered peers", min = "1", max = "100000",
            description = "How many sensors (address and port) the server remembers recent requests of, to answer a "
                    + "retransmitted request without taking its readings twice. Each costs memory; the least "
                    + "recently heard is forgotten first.")
    int max_active_peers() default 512;
}
