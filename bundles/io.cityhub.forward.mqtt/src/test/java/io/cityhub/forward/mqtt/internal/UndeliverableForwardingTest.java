package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.deliveredIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.forward.mqtt.internal.delivery.UndeliverableReports;
import io.cityhub.forward.mqtt.internal.link.MqttText;
import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reading the uplink cannot publish never blocks the queue (issue 7 item 1), against a real broker (Moquette):
 * it is set aside, counted and reported as a SAFETY event, and everything behind it flows on over the same
 * connection — no reconnect, no flip of the retained status.
 */
class UndeliverableForwardingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    void aReadingTheClientRefusesSynchronouslyIsSetAsideAndTheNextThousandFlowOnTheSameConnection() throws Exception {
        // a topic over 65,535 bytes: the client's publish() throws IllegalArgumentException at once (MQTT 3.1.1 §1.5.3)
        Reading huge = Fixtures.temperature("h".repeat(70_000), 0);
        thenTheRestFlows(huge);
    }

    @Test
    void aReadingWithNulInItsSensorIdIsSetAsideAndTheNextThousandFlowOnTheSameConnection() throws Exception {
        // as from POST /readings/%00nul before ingest rejected it (Paho once dropped the connection over it)
        Reading nul = Fixtures.temperature("\u0000nul", 0);
        thenTheRestFlows(nul);
    }

    private void thenTheRestFlows(Reading poison) throws Exception {
        List<Reading> good = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            good.add(Fixtures.temperature("s-" + (i % 7), i + 1));
        }
        List<Reading> all = new ArrayList<>();
        all.add(poison);
        all.addAll(good);
        buffer.append(all);

        MqttForwarder forwarder = harness.start(ForwarderHarness.defaults(broker.uri()), buffer);

        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        List<EmbeddedMqttBroker.Received> telemetry = broker.received().stream()
                .filter(r -> r.topic().contains("/telemetry/")).toList();
        assertThat(deliveredIds(telemetry)).containsExactlyInAnyOrderElementsOf(
                good.stream().map(Reading::id).toList());
        Map<String, Object> health = forwarder.health();
        assertThat(health).containsEntry("connected", true).containsEntry("connects", 1L)
                .containsEntry("undeliverableReadings", 1L);
        assertThat(buffer.releases()).as("no batch went back: nothing failed on the link").isZero();
        List<EmbeddedMqttBroker.Received> status = broker.received().stream()
                .filter(r -> r.topic().equals("cityhub/gw-1/status")).toList();
        assertThat(status).singleElement().satisfies(s -> assertThat(new String(s.payload(), StandardCharsets.UTF_8))
                .contains("\"state\":\"online\""));
        assertThat(broker.received()).extracting(EmbeddedMqttBroker.Received::clientId).containsOnly("gw-1");

        List<EmbeddedMqttBroker.Received> events = broker.received().stream()
                .filter(r -> r.topic().equals("cityhub/gw-1/events")).toList();
        assertThat(events).hasSize(1);
        Map<String, Object> event = JacksonTrees.records(JacksonTrees.json(events.get(0).payload())).get(0);
        assertThat(event).containsEntry("bn", "gw-1/").containsEntry("n", UndeliverableReports.CHANNEL)
                .containsEntry("reading", poison.id());
        assertThat((String) event.get("sensor")).isEqualTo(MqttText.printable(poison.sensorId(), 128))
                .doesNotContain("\u0000");
        assertThat((String) event.get("reason")).isEqualTo(event.get("vs")).isNotBlank();
    }
}
