package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static io.cityhub.forward.mqtt.internal.ForwarderHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration changes (issue 7 items 5 and 12): rate caps and the health interval apply live over the open MQTT
 * connection (no new CONNECT at the broker); other changes restart the component; invalid values are logged at ERROR
 * naming PID, attribute and reason, at activation and at change.
 */
class ConfigurationChangeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private EmbeddedBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker().start();
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
        assertThat(harness.restarts).hasValue(0);
        assertThat(forwarder.currentOptions().messagesPerSecond()).isEqualTo(5.0);
        assertThat(forwarder.currentOptions().bytesPerSecond()).isEqualTo(100_000);

        // readings still flow under the new caps, over the same connection
        buffer.append(Fixtures.temperatures("s-1", 20));
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(broker.connects()).containsExactly("gw-1");
    }

    @Test
    void restartsForAChangeThatCannotBeAppliedLive() throws Exception {
        Map<String, Object> initial = ForwarderHarness.defaults(broker.uri());
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));

        forwarder.modified(MqttForwarderOptionsTest.config(with(initial, "keepalive.seconds", 60)));

        assertThat(harness.restarts).hasValue(1);
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
        assertThat(harness.restarts).hasValue(0);
        assertThat(forwarder.currentOptions().statusIntervalSeconds()).isEqualTo(1);
        assertThat(connected(forwarder)).isTrue();
    }

    @Test
    void anActivationFailureIsLoggedAtErrorNamingPidAttributeAndReason() {
        try (CapturedLog log = new CapturedLog()) {
            MqttForwarderConfig config = MqttForwarderOptionsTest.config(Map.of("reconnect.max.millis", 3_600_001));
            assertThatThrownBy(() -> new MqttForwarder(config, buffer, MqttForwarderOptionsTest.IDENTITY, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.text()).contains("ERROR io.cityhub.forward.mqtt.internal.MqttForwarder - "
                    + MqttForwarder.PID + ": activation failed: " + MqttForwarder.PID
                    + ": attribute 'reconnect.max.millis' has invalid value '3600001'; expected between 10 and 3600000");
        }
    }

    private long healthMessages() {
        return broker.received().stream().filter(r -> r.topic().equals("cityhub/gw-1/health")).count();
    }
}
