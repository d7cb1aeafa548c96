package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ReadingIds;
import io.cityhub.api.health.HealthContributor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A packet forwarder's PUSH_DATA over real UDP to the LoRa gateway in the distribution's runtime, configured by the
 * snapshot (gateway on a free loopback port, the ABP device of vector lp-uplink-test): the frame's payload becomes a
 * durable reading of that device in the outbox, with its id from the frame, and reaches the platform.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class LoraToBufferTest {

    /** Vector synthetic-push-data-rxpk: PUSH_DATA from gateway aa555a0000000000 carrying lp-uplink-test ("test"). */
    static final String PUSH_DATA = "02a1b200aa555a00000000007b227278706b223a5b7b22746d7374223a333531323334383631312c22"
            + "6368616e223a322c2272666368223a302c2266726571223a3836382e3130303030302c2273746174223a312c226d6f6475223a2"
            + "24c4f5241222c2264617472223a225346374257313235222c22636f6472223a22342f35222c226c736e72223a392e352c227273"
            + "7369223a2d33352c2273697a65223a31372c2264617461223a2251504639766b6b41416741426c554e34646973522f77303d227d"
            + "5d7d";

    static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";

    static PlatformProcess platform;

    @InjectBundleContext
    BundleContext context;

    @BeforeAll
    static void startPlatformAndPointTheGatewayAtIt(@InjectBundleContext BundleContext context,
            @InjectService(timeout = 10_000) ConfigurationAdmin cm) throws Exception {
        platform = PlatformProcess.start(Path.of(context.getProperty("cityhub.itest.root")));
        Configuration configuration = cm.getConfiguration(MQTT_PID, "?");
        Dictionary<String, Object> updated = new Hashtable<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                updated.put(key, properties.get(key));
            }
        }
        updated.put("broker.uris", "tcp://127.0.0.1:" + platform.port());
        configuration.update(updated);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void pushDataFromThePacketForwarderBecomesADurableReadingThatReachesThePlatform() throws Exception {
        HealthContributor lora = loraHealth();
        int port = Integer.parseInt(String.valueOf(lora.health().get("endpoint")).replaceAll(".*:", ""));
        byte[] push = HexFormat.of().parseHex(PUSH_DATA);

        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(push, push.length, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port)));
            DatagramPacket ack = new DatagramPacket(new byte[64], 64);
            socket.receive(ack);
            assertThat(HexFormat.of().formatHex(ack.getData(), 0, ack.getLength())).isEqualTo("02a1b201");
        }

        Awaits.until("the uplink taken and its reading durable", () -> {
            assertThat(lora.health()).containsEntry("readings.durable", 1L);
        });
        // the id comes from the frame (DevEUI, session epoch 0, FCnt 2, channel, unit), not from the receive time
        String id = ReadingIds.derive("lora", "0102030405060708", "0", "2", "payload", "");
        Awaits.until("the platform receives the reading", Duration.ofSeconds(30), () ->
                assertThat(platform.received())
                        .filteredOn(m -> m.topic().contains("/telemetry/") && m.topic().endsWith("itest-lora"))
                        .anySatisfy(m -> assertThat(m.text()).contains(id).contains("74657374")));
    }

    private HealthContributor loraHealth() throws Exception {
        HealthContributor[] found = new HealthContributor[1];
        Awaits.until("the LoRa gateway's health service", () -> {
            for (ServiceReference<HealthContributor> ref : context.getServiceReferences(HealthContributor.class,
                    null)) {
                HealthContributor h = context.getService(ref);
                if (h != null && "lora".equals(h.healthSection())) {
                    found[0] = h;
                }
            }
            assertThat(found[0]).isNotNull();
        });
        return found[0];
    }
}
