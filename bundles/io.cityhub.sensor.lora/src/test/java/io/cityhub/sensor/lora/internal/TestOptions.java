package io.cityhub.sensor.lora.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

/** The LoRa server settings the tests share: loopback on a free port, any gateway, EU868 RX2, default timing. */
final class TestOptions {

    private TestOptions() {
    }

    static LoraGatewayOptions loopback() {
        return new LoraGatewayOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Set.of(), 0x000013,
                869_525_000, 0, 14, Duration.ofMillis(500), Duration.ofMillis(300), "unused");
    }
}
