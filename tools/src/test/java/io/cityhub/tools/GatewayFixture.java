package io.cityhub.tools;

import io.cityhub.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A gateway configured for one system test: free loopback ports, its own working directory and store. */
final class GatewayFixture {

    static final String COAP_PID = "io.cityhub.sensor.coap.CoapSensorServer";
    static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";
    static final String LORA_PID = "io.cityhub.sensor.lora.LoraGateway";

    final Path repo;
    final Path workDir;
    final Path snapshot;
    final int brokerPort;
    final int coapPort;

    GatewayFixture(Path workDir) throws IOException {
        this(workDir, Map.of());
    }

    /**
     * @param workDir the gateway's working directory
     * @param uplink further settings of the MQTT forwarder over the fixture's own (e.g. {@code broker.uris} naming
     *     two brokers; {@link #brokerPort} then goes unused)
     */
    GatewayFixture(Path workDir, Map<String, String> uplink) throws IOException {
        this.repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        this.workDir = workDir;
        this.snapshot = workDir.resolve("snapshot_0.xml");
        this.brokerPort = FreePorts.tcp();
        this.coapPort = FreePorts.udp();
        Map<String, String> mqtt = new HashMap<>(Map.of("broker.uris", "tcp://127.0.0.1:" + brokerPort));
        mqtt.putAll(uplink);
        DemoSnapshot.derive(repo.resolve("kura-config/snapshot_0.xml"), snapshot, Map.of(
                MQTT_PID, mqtt,
                COAP_PID, Map.of("bind.address", "127.0.0.1", "port", Integer.toString(coapPort)),
                // the seed's 1700 may be taken by another gateway on this machine
                LORA_PID, Map.of("port", Integer.toString(FreePorts.udp()))));
    }

    Path runtimeJar() {
        return repo.resolve("distribution/target/cityhub.jar");
    }

    Path kuraLikeJar() {
        return repo.resolve("distribution/target/cityhub-kura-like.jar");
    }

    GatewayProcess start(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: the reactor builds distribution/ before tools/");
        }
        return GatewayProcess.start(jar, workDir, snapshot, Map.of());
    }

    SimulatedSensor sensor(String id) {
        return new SimulatedSensor("127.0.0.1", coapPort, id);
    }
}
