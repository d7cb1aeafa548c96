package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static io.cityhub.forward.mqtt.internal.ForwarderHarness.deliveredIds;
import static io.cityhub.forward.mqtt.internal.ForwarderHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration changes (issue 7 items 5 and 12): rate caps and the health interval apply live over the open MQTT
 * connection (no new CONNECT at the broker, the status never offline); other changes rebuild the uplink inside the
 * component with the new options, losing nothing; invalid values are logged at ERROR naming PID, attribute and
 * reason, at activation and at change, and a rejected change leaves the running uplink as it was.
 */
class ConfigurationChangeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private EmbeddedMqttBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedMqttBroker().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        harness.close();
        broker.close();
    }

    @Test
    void appliesRateCapsAndHealthIntervalLiveWithoutANewConnect() throws Exception {
        Map<String, Object> initial = with(ForwarderHarness.defaults(broker.uri()), "status.interval.seconds", 3600);
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        assertThat(broker.connects()).containsExactly("gw-1");
        assertThat(healthMessages()).isZero();

        forwarder.modified(MqttForwarderOptionsTest.config(with(initial, "status.interval.seconds", 1,
                "rate.messages.per.second", 5.0, "rate.bytes.per.second", 100_000)));

        // the new interval is in force: health messages now come every second, over the same connection
        await().atMost(TIMEOUT).until(() -> healthMessages() >= 2);
        assertThat(broker.connects()).as("no new CONNECT").containsExactly("gw-1");
        assertThat(forwarder.health()).containsEntry("connects", 1L);
        assertThat(statusStates()).as("the status never went offline").containsOnly("online");
        assertThat(forwarder.currentOptions().messagesPerSecond()).isEqualTo(5.0);
        assertThat(forwarder.currentOptions().bytesPerSecond()).isEqualTo(100_000);

        // readings still flow under the new caps, over the same connection
        buffer.append(Fixtures.temperatures("s-1", 20));
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(broker.connects()).containsExactly("gw-1");
    }

    @Test
    void aBrokerUriChangeMovesTheUplinkToTheNewBrokerWithoutLosingAnything() throws Exception {
        // a rate cap keeps readings in flight and pending when the change arrives
        Map<String, Object> initial = with(ForwarderHarness.defaults(broker.uri()), "rate.messages.per.second", 20.0);
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        List<Reading> readings = Fixtures.temperatures("s-1", 300);
        buffer.append(readings);
        await().atMost(TIMEOUT).until(() -> buffer.delivered() > 0);

        try (EmbeddedMqttBroker second = new EmbeddedMqttBroker().start()) {
            forwarder.modified(MqttForwarderOptionsTest.config(with(initial, "broker.uris", second.uri(),
                    "rate.messages.per.second", 0.0)));

            await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
            assertThat(second.connects()).containsExactly("gw-1");
            assertThat(forwarder.health()).containsEntry("broker", second.uri()).containsEntry("connected", true);
            assertThat(forwarder.currentOptions().brokerUris()).containsExactly(second.uri());
            List<String> delivered = new ArrayList<>(deliveredIds(broker.received()));
            delivered.addAll(deliveredIds(second.received()));
            assertThat(delivered).as("every reading reached a broker")
                    .containsAll(readings.stream().map(Reading::id).toList());
            assertThat(buffer.delivered()).isEqualTo(300L);
            assertThat(deliveredIds(second.received())).as("the new broker got what the old one had not").isNotEmpty();
        }
        assertThat(broker.connects()).as("the old broker saw one connection only").containsExactly("gw-1");
    }

    @Test
    void anInvalidChangeIsLoggedAtErrorAndTheUplinkKeepsRunning() throws Exception {
        Map<String, Object> initial = ForwarderHarness.defaults(broker.uri());
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> forwarder.modified(MqttForwarderOptionsTest.config(
                    with(initial, "status.interval.seconds", 0)))).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.text()).contains("ERROR io.cityhub.forward.mqtt.internal.MqttForwarder - "
                    + MqttForwarder.PID + ": configuration change failed: " + MqttForwarder.PID
                    + ": attribute 'status.interval.seconds' has invalid value '0'; expected between 1 and 86400");
        }
        assertThat(forwarder.currentOptions().statusIntervalSeconds()).isEqualTo(1);
        assertThat(connected(forwarder)).isTrue();
        assertThat(broker.connects()).as("still the first connection").containsExactly("gw-1");
        buffer.append(Fixtures.temperatures("s-1", 20));
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(broker.connects()).containsExactly("gw-1");
    }

    @Test
    void aChangeWhoseUplinkCannotBeBuiltLeavesTheUplinkForwardingWithItsPreviousSettings() throws Exception {
        Map<String, Object> initial = ForwarderHarness.defaults(broker.uri());
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));

        // valid as options; the CA file turns out unreadable only when the new uplink builds its TLS context
        Map<String, Object> unusable = with(initial, "broker.uris", "ssl://127.0.0.1:" + broker.port(),
                "tls.ca.path", "/nonexistent/ca.pem");
        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> forwarder.modified(MqttForwarderOptionsTest.config(unusable)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.text()).contains("ERROR io.cityhub.forward.mqtt.internal.MqttForwarder - "
                    + MqttForwarder.PID + ": configuration change failed: " + MqttForwarder.PID);
        }
        assertThat(forwarder.currentOptions().brokerUris()).containsExactly(broker.uri());
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        buffer.append(Fixtures.temperatures("s-1", 20));
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(deliveredIds(broker.received())).hasSize(20);
    }

    @Test
    void anActivationFailureIsLoggedAtErrorNamingPidAttributeAndReason() {
        try (CapturedLog log = new CapturedLog()) {
            MqttForwarderConfig config = MqttForwarderOptionsTest.config(Map.of("reconnect.max.millis", 3_600_001));
            assertThatThrownBy(() -> new MqttForwarder(config, buffer, MqttForwarderOptionsTest.IDENTITY))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.text())
                    .contains("ERROR io.cityhub.forward.mqtt.internal.MqttForwarder - "
                            + MqttForwarder.PID + ": activation failed: " + MqttForwarder.PID
                            + ": attribute 'reconnect.max.millis' has invalid value '3600001'; expected"
                            + " between 10 and 3600000");
        }
    }

    private List<String> statusStates() throws Exception {
        List<String> states = new ArrayList<>();
        for (EmbeddedMqttBroker.Received r : broker.received()) {
            if (r.topic().equals("cityhub/gw-1/status")) {
                states.add((String) ((Map<?, ?>) JacksonTrees.json(r.payload())).get("state"));
            }
        }
        return states;
    }

    private long healthMessages() {
        return broker.received().stream().filter(r -> r.topic().equals("cityhub/gw-1/health")).count();
    }
}
