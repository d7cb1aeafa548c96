package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway subscribes only to its own request topics and answers nothing else: not another gateway's requests, not
 * topics that only look like its own (deeper levels, the {@code req} level itself), and not its own topic under
 * another prefix that a persistent session kept from an earlier configuration. Two gateways on one Moquette broker,
 * the platform as a plain client; the broker records every SUBSCRIBE and PUBLISH.
 */
class RequestTopicIsolationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String STATUS = "{\"op\":\"status\"}";

    private EmbeddedMqttBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private TestSubscriber platform;

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedMqttBroker().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        harness.close();
        broker.close();
    }

    private MqttForwarder gateway(String id) {
        Map<String, Object> properties = ForwarderHarness.defaults(broker.uri());
        properties.put("gateway.id", id);
        MqttForwarder forwarder = harness.start(properties, new InMemoryReadingBuffer());
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        return forwarder;
    }

    /** A session of client id {@code clientId} kept by the broker, holding {@code filters} (an earlier config). */
    private void keptSessionOf(String clientId, String... filters) throws Exception {
        MqttClient earlier = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        earlier.connect(options);
        for (String filter : filters) {
            earlier.subscribe(filter, 1);
        }
        // the session and its SUBACKed filters stay with the broker however the connection ends
        TestSubscriber.disconnect(earlier);
        earlier.close();
    }

    private List<String> responsesPublishedBy(String clientId) {
        return broker.received().stream().filter(r -> r.clientId().equals(clientId))
                .map(EmbeddedMqttBroker.Received::topic).filter(t -> t.contains("/res/")).toList();
    }

    private List<String> filtersSubscribedBy(String clientId, int from) {
        List<EmbeddedMqttBroker.Subscription> all = broker.subscriptions();
        return all.subList(from, all.size()).stream().filter(s -> s.clientId().equals(clientId))
                .filter(EmbeddedMqttBroker.Subscription::subscribe).map(EmbeddedMqttBroker.Subscription::filter)
                .toList();
    }

    @Test
    void eachGatewaySubscribesToExactlyItsOwnRequestTopicsAndDropsTheWiderFilterAKeptSessionHeld() throws Exception {
        keptSessionOf("gw-a", "cityhub/gw-a/req/#"); // the filter earlier versions used
        int before = broker.subscriptions().size();

        MqttForwarder gwA = gateway("gw-a");
        MqttForwarder gwB = gateway("gw-b");

        assertThat(filtersSubscribedBy("gw-a", before)).containsExactly("cityhub/gw-a/req/+");
        assertThat(filtersSubscribedBy("gw-b", before)).containsExactly("cityhub/gw-b/req/+");
        assertThat(broker.subscriptions().subList(before, broker.subscriptions().size()))
                .as("the wider filter the kept session held is unsubscribed")
                .contains(new EmbeddedMqttBroker.Subscription("gw-a", "cityhub/gw-a/req/#", false));
        assertThat(connected(gwA) && connected(gwB)).isTrue();
    }

    @Test
    void aGatewayAnswersOnlyRequestsOnItsOwnRequestTopics() throws Exception {
        // gw-a's session was kept by the broker from a configuration with another topic.prefix
        keptSessionOf("gw-a", "legacy/gw-a/req/#", "cityhub/gw-a/req/#");
        MqttForwarder gwA = gateway("gw-a");
        gateway("gw-b");
        platform = new TestSubscriber(broker.uri(), "#");

        platform.send("cityhub/gw-b/req/for-b", STATUS); // another gateway's request
        platform.send("legacy/gw-a/req/old-prefix", STATUS); // its own topic under another prefix
        platform.send("cityhub/gw-a/req/deeper/level", STATUS); // looks like its own, one level deeper
        platform.send("cityhub/gw-a/req", STATUS); // the req level itself, which '#' would match
        platform.send("cityhub/gw-a/request/x", STATUS);
        platform.send("cityhub/gw-a/req/last", STATUS); // its own, last: requests are served in order

        await().atMost(TIMEOUT).until(() -> !platform.on("cityhub/gw-a/res/last").isEmpty()
                && !platform.on("cityhub/gw-b/res/for-b").isEmpty());
        assertThat(responsesPublishedBy("gw-a")).as("gw-a answers its own request topics only")
                .containsExactly("cityhub/gw-a/res/last");
        assertThat(responsesPublishedBy("gw-b")).containsExactly("cityhub/gw-b/res/for-b");
        assertThat(platform.messages().stream().map(TestSubscriber.Message::topic))
                .noneMatch(t -> t.startsWith("legacy/") && t.contains("/res/"))
                .doesNotContain("cityhub/gw-a/res/invalid");
        // the message the kept subscription still delivered was seen and ignored, not answered
        await().atMost(TIMEOUT).until(() -> ((Number) gwA.health().get("requestsIgnored")).longValue() == 1);
    }
}
