package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ReadingIds;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * One reading end to end inside the framework: a CoAP POST to the gateway, ingest, the durable MapDB buffer
 * (the 2.04 comes only after the commit), the MQTT forwarder, and a subscriber on a real broker.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CoapToMqttTest {

    static final String COAP_PID = "io.cityhub.sensor.coap.CoapSensorServer";
    static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";

    static PlatformProcess platform;
    static int coapPort;

    @BeforeAll
    static void startPlatformAndPointTheGatewayAtIt(@InjectBundleContext BundleContext context,
            @InjectService(timeout = 10_000) ConfigurationAdmin cm) throws Exception {
        platform = PlatformProcess.start(Path.of(context.getProperty("cityhub.itest.root")));
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            coapPort = s.getLocalPort();
        }
        update(cm, COAP_PID, Map.of("bind.address", "127.0.0.1", "port", coapPort));
        update(cm, MQTT_PID, Map.of("broker.uris", "tcp://127.0.0.1:" + platform.port()));
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPostedReadingReachesThePlatformWithItsDeterministicId() throws Exception {
        String sensor = "itest-probe-" + System.nanoTime();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String senml = "[{\"bt\":" + at.getEpochSecond() + ",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":12.25}]";
        try (RawCoapClient coap = new RawCoapClient(coapPort)) {
            // the CoAP server restarts with its new port after the configuration update: ask until it answers
            RawCoapClient.Response[] answer = new RawCoapClient.Response[1];
            Awaits.until("the gateway accepts the reading", Duration.ofSeconds(30), () -> {
                answer[0] =
                        coap.post(new String[] {"readings", sensor}, 110, senml.getBytes(StandardCharsets.UTF_8), 2000);
                assertThat(answer[0]).isNotNull();
                assertThat(answer[0].codeText()).as(answer[0].text()).isEqualTo("2.04");
            });
        }
        String id = ReadingIds.of(sensor, "temperature", "Cel", at);
        Awaits.until("the platform receives the reading", Duration.ofSeconds(30), () ->
                assertThat(platform.received())
                        .filteredOn(m -> m.topic().contains("/telemetry/") && m.topic().endsWith(sensor))
                        .anySatisfy(m -> assertThat(m.text()).contains(id).contains("12.25")));
    }

    @Test
    void malformedPayloadIsRefusedAndTheGatewayKeepsServing() throws Exception {
        String sensor = "itest-bad-" + System.nanoTime();
        try (RawCoapClient coap = new RawCoapClient(coapPort)) {
            RawCoapClient.Response[] answer = new RawCoapClient.Response[1];
            Awaits.until("the gateway refuses garbage with 4.00", Duration.ofSeconds(30), () -> {
                answer[0] = coap.post(new String[] {"readings", sensor}, 110,
                        "[{\"n\":".getBytes(StandardCharsets.UTF_8), 2000);
                assertThat(answer[0]).isNotNull();
                assertThat(answer[0].codeText()).isEqualTo("4.00");
            });
            RawCoapClient.Response good = coap.post(new String[] {"readings", sensor}, 110,
                    "[{\"n\":\"level\",\"u\":\"m\",\"v\":1.5}]".getBytes(StandardCharsets.UTF_8), 5000);
            assertThat(good).isNotNull();
            assertThat(good.codeText()).isEqualTo("2.04");
        }
    }

    private static void update(ConfigurationAdmin cm, String pid, Map<String, Object> changes) throws Exception {
        Configuration configuration = cm.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> updated = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                updated.put(key, properties.get(key));
            }
        }
        changes.forEach(updated::put);
        configuration.update(updated);
    }
}
