package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static io.cityhub.forward.mqtt.internal.ForwarderHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPaT handed to the forwarder as a SignalTimingListener reaches a roadside app's subscription (Moquette). */
class SpatPublicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-12-01T04:20:31.100Z");

    private EmbeddedMqttBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private MqttClient app;

    record Heard(String topic, String text, int qos, boolean retained) {
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedMqttBroker().start();
        app = new MqttClient(broker.uri(), "roadside-app", new MemoryPersistence());
        app.connect();
        // subscribed at QoS 1: a message that arrives at QoS 0 was published at QoS 0 (MQTT 3.1.1 §3.8.4)
        app.subscribe("cityhub/gw-1/#", 1, (topic, message) -> heard.add(new Heard(topic,
                new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8), message.getQos(),
                message.isRetained())));
    }

    @AfterEach
    void stopAll() throws Exception {
        harness.close();
        TestSubscriber.disconnect(app);
        app.close();
        broker.close();
    }

    @Test
    void switchedOffNothingIsPublishedAndNothingIsBuffered() throws Exception {
        MqttForwarder forwarder = harness.start(with(ForwarderHarness.defaults(broker.uri()), "spat.enabled", false,
                "status.interval.seconds", 3600), buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        forwarder.signalTiming(timing(12_040));
        // the marker published after the timing overtakes nothing: one session, in order (MQTT 3.1.1 §4.6)
        buffer.append(Fixtures.temperatures("marker", 1));
        await().atMost(TIMEOUT).until(() -> heard.stream().anyMatch(h -> h.topic().endsWith("/telemetry/marker")));
        assertThat(heard).noneMatch(h -> h.topic().contains("/spat"));
        assertThat(forwarder.health()).containsEntry("spatEnabled", false).containsEntry("spatPublished", 0L);
    }

    @Test
    void publishesEachTimingAsJsonAtQos0NotRetainedAndNotThroughTheOutbox() throws Exception {
        MqttForwarder forwarder = harness.start(ForwarderHarness.defaults(broker.uri()), buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));

        forwarder.signalTiming(timing(12_040));

        await().atMost(TIMEOUT).until(() -> spat().size() == 1);
        Heard message = spat().get(0);
        assertThat(message.topic()).isEqualTo("cityhub/gw-1/spat/t-junction");
        assertThat(message.qos()).isZero();
        assertThat(message.retained()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JacksonTrees.json(message.text().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json).containsEntry("intersection", "t-junction").containsEntry("timeStamp",
                "2026-12-01T04:20:31.100Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> movements = (List<Map<String, Object>>) json.get("movements");
        assertThat(movements).hasSize(2);
        assertThat(movements.get(0)).containsEntry("signalGroup", "main")
                .containsEntry("eventState", "protected-Movement-Allowed").containsEntry("minEndTime", 12_040L)
                .containsEntry("maxEndTime", 36_001L).containsEntry("likelyTime", 12_310L)
                .containsEntry("confidence", 8L);
        assertThat(movements.get(1)).containsEntry("eventState", "stop-And-Remain");
        assertThat(buffer.pendingCount() + buffer.delivered()).as("SPaT never enters the outbox here").isZero();
        assertThat(forwarder.health()).containsEntry("spatPublished", 1L);
    }

    @Test
    void aLiveTopicChangeKeepsTheConnectionAndAReconnectResendsTheCurrentTiming() throws Exception {
        Map<String, Object> initial = ForwarderHarness.defaults(broker.uri());
        MqttForwarder forwarder = harness.start(initial, buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));

        forwarder.modified(MqttForwarderOptionsTest.config(with(initial, "spat.topic", "roadside/spat")));
        forwarder.signalTiming(timing(100));
        await().atMost(TIMEOUT).until(() -> spat().size() == 1);
        assertThat(spat().get(0).topic()).isEqualTo("cityhub/gw-1/roadside/spat/t-junction");
        assertThat(broker.connects()).as("no new CONNECT").containsOnlyOnce("gw-1");

        // the link drops and comes back: an app that subscribed meanwhile gets the current timing at once
        forwarder.dropConnectionWithoutDisconnect();
        await().atMost(TIMEOUT).until(() -> gatewayConnects() == 2 && spat().size() == 2);
        assertThat(spat().get(1).text()).isEqualTo(spat().get(0).text());
    }

    private long gatewayConnects() {
        return broker.connects().stream().filter("gw-1"::equals).count();
    }

    private List<Heard> spat() {
        return heard.stream().filter(h -> h.topic().contains("/spat")).toList();
    }

    private static SignalTiming timing(int minEnd) {
        return new SignalTiming("t-junction", T0, List.of(
                new MovementTiming("main", 6, minEnd, MovementTiming.UNKNOWN, minEnd + 270, 8),
                new MovementTiming("side", 3, minEnd + 310, MovementTiming.UNKNOWN, minEnd + 320, 8)));
    }
}
