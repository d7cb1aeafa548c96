package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops acknowledging while the connection stays up, made of real parts: Moquette behind a loopback
 * proxy that drops the PUBACKs of the open connection but lets PINGRESP through, so Paho's keep-alive (5 s here)
 * sees a healthy link and only the PUBACK watchdog can notice.
 */
class PubackTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private EmbeddedMqttBroker broker;
    private PubackDroppingProxy proxy;
    private TestSubscriber platform;

    @AfterEach
    void stopAll() throws Exception {
        harness.close();
        if (platform != null) {
            platform.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void reconnectsAndRedeliversInOrderWhenTheBrokerStopsAcknowledgingOnAnOpenConnection() throws Exception {
        broker = new EmbeddedMqttBroker().start();
        proxy = new PubackDroppingProxy(broker.port());
        // the platform listens on the broker directly, so it sees every delivery regardless of the proxy
        platform = new TestSubscriber(broker.uri(), "cityhub/gw-1/telemetry/#");
        List<Reading> all = new ArrayList<>();
        for (String sensor : List.of("a", "b", "c", "d")) {
            all.addAll(Fixtures.temperatures(sensor, 150));
        }
        buffer.append(all);
        // a rate cap stretches the drain so the broker surely stops acknowledging mid-stream
        MqttForwarder forwarder = harness.start(with(ForwarderHarness.defaults(proxy.uri()),
                "puback.timeout.seconds", 5, "keepalive.seconds", 5, "rate.messages.per.second", 20.0), buffer);
        await().atMost(TIMEOUT).until(() -> received().size() >= 60);

        proxy.dropPubacksOnOpenConnections();

        // the window fills up and stays full: nothing is acknowledged to the buffer without its PUBACK
        // (full for a while: a settle queued by the last PUBACK before the switch has run by then)
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
                .until(() -> health(forwarder, "inflightMessages").equals(4));
        long deliveredWhileStuck = buffer.delivered();
        assertThat(deliveredWhileStuck).isLessThan(all.size());
        await().atMost(TIMEOUT).until(() -> health(forwarder, "pubackTimeouts").equals(1L));
        assertThat(buffer.delivered()).as("acknowledged while no PUBACK came").isEqualTo(deliveredWhileStuck);
        assertThat(proxy.droppedPubacks()).isPositive();

        // a new connection through the proxy, which passes PUBACKs again, drains the rest
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(health(forwarder, "connects")).isEqualTo(2L);
        assertThat(health(forwarder, "pubackTimeouts")).isEqualTo(1L);
        assertThat(health(forwarder, "releasedBatches")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LONG).isPositive();
        assertThat(buffer.delivered()).isEqualTo(all.size());

        List<String> expected = all.stream().map(Reading::id).toList();
        await().atMost(TIMEOUT).until(() -> new LinkedHashSet<>(received()).size() == expected.size());
        List<String> received = received();
        // none lost, in order (first arrivals), each at most twice
        assertThat(new ArrayList<>(new LinkedHashSet<>(received))).containsExactlyElementsOf(expected);
        Map<String, Integer> counts = new HashMap<>();
        received.forEach(id -> counts.merge(id, 1, Integer::sum));
        assertThat(counts.values()).allMatch(n -> n <= 2);
        // the duplicates are the released batches: one contiguous run, at most (window + 1) x batch size
        List<Integer> duplicated = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (counts.get(expected.get(i)) == 2) {
                duplicated.add(i);
            }
        }
        assertThat(duplicated).isNotEmpty().hasSizeLessThanOrEqualTo((4 + 1) * 20);
        assertThat(duplicated.get(duplicated.size() - 1) - duplicated.get(0) + 1).as("contiguous")
                .isEqualTo(duplicated.size());
    }

    private List<String> received() throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        for (TestSubscriber.Message m : platform.messages()) {
            ids.addAll(JacksonTrees.ids(m.payload()));
        }
        return ids;
    }

    private static Object health(MqttForwarder forwarder, String key) {
        return forwarder.health().get(key);
    }
}
