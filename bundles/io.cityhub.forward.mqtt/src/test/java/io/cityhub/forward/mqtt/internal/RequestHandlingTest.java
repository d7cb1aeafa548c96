package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pull requests from the platform (replay, status, backlog) and what happens to bad ones, over Moquette. One broker
 * and one gateway for the class (tests use their own request ids and sensors), to keep the module fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestHandlingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String REQ = "cityhub/gw-1/req/";
    private static final String RES = "cityhub/gw-1/res/";

    private EmbeddedMqttBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private MqttForwarder forwarder;
    private TestSubscriber platform;

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedMqttBroker().start();
        forwarder = harness.start(ForwarderHarness.defaults(broker.uri()), buffer);
        await().atMost(TIMEOUT).until(() -> connected(forwarder));
        platform = new TestSubscriber(broker.uri(), RES + "#");
        forwarder.setArchive(buffer);
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) { // null when start() failed: report that failure, not this one
            platform.close();
        }
        harness.close();
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "m1|not json at all|malformed JSON",
                "m2|[1,2]|must be a JSON object",
                "m3|{\"op\":42}|'op' must be a non-empty string",
                "m4|{\"op\":\"reboot\"}|unknown op 'reboot'",
                "m5|{\"op\":\"replay\",\"from\":\"yesterday\",\"to\":\"2026-11-27T09:00:00Z\"}|'from' must be an"
                        + " ISO-8601 instant",
                "m6|{\"op\":\"replay\",\"from\":\"2026-11-27T09:00:00Z\",\"to\":\"2026-11-27T08:00:00Z\"}|'to' is"
                        + " before 'from'",
                "m7|{\"op\":\"replay\",\"from\":\"2026-11-27T08:00:00Z\",\"to\":\"2026-11-27T09:00:00Z\","
                        + "\"pageSize\":0}|'pageSize'"
            })
    void malformedOrUnknownRequestsGetAnErrorWithTheReason(String id, String payload, String reason) throws Exception {
        platform.send(REQ + id, payload);

        await().atMost(TIMEOUT).until(() -> !platform.on(RES + id).isEmpty());
        Map<?, ?> response = (Map<?, ?>) JacksonTrees.json(platform.on(RES + id).get(0).payload());
        assertThat(response.get("id")).isEqualTo(id);
        assertThat(response.get("status")).isEqualTo("error");
        assertThat((String) response.get("reason")).contains(reason);
    }

    @Test
    void badRequestsNeverDisturbForwarding() throws Exception {
        List<Reading> readings = Fixtures.temperatures("undisturbed", 200);
        buffer.append(readings.subList(0, 100));
        long droppedBefore = droppedRequests();
        for (int i = 0; i < 30; i++) {
            platform.send(REQ + "junk-" + i, "{\"op\":");
        }
        buffer.append(readings.subList(100, 200));

        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(ForwarderHarness.deliveredIds(broker.received().stream()
                .filter(r -> r.topic().endsWith("/undisturbed")).toList()))
                .containsExactlyElementsOf(readings.stream().map(Reading::id).toList());
        // a burst beyond the request queue is shed (counted), never allowed to hold up forwarding
        await().atMost(TIMEOUT).until(() -> platform.messages().stream()
                .filter(m -> m.topic().startsWith(RES + "junk-")).count()
                + droppedRequests() - droppedBefore == 30);
        platform.send(REQ + "x".repeat(65), "{\"op\":\"status\"}"); // a request id too long to answer on
        await().atMost(TIMEOUT).until(() -> !platform.on(RES + "invalid").isEmpty());
        assertThat(platform.on(RES + "invalid").get(0).text()).contains("request-id");
        assertThat(ForwarderHarness.connected(forwarder)).isTrue();
    }

    private long droppedRequests() {
        return ((Number) forwarder.health().get("requestsDropped")).longValue();
    }

    @Test
    void replayWithoutAnArchiveIsAnError() throws Exception {
        forwarder.unsetArchive(buffer);
        try {
            platform.send(REQ + "r0",
                    "{\"op\":\"replay\",\"from\":\"2026-11-27T08:00:00Z\",\"to\":\"2026-11-27T09:00:00Z\"}");

            await().atMost(TIMEOUT).until(() -> !platform.on(RES + "r0").isEmpty());
            assertThat(platform.on(RES + "r0").get(0).text()).contains("\"error\"").contains("replay unavailable");
        } finally {
            forwarder.setArchive(buffer);
        }
    }

    @Test
    void replaySendsPagesOfTheRequestedSensorThenAnEndMarkerWithTheCount() throws Exception {
        List<Reading> a = Fixtures.temperatures("a", 25);
        buffer.append(a);
        buffer.append(Fixtures.temperatures("b", 25));
        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);

        platform.send(REQ + "r1", "{\"op\":\"replay\",\"from\":\"2026-11-27T08:00:00Z\","
                + "\"to\":\"2026-11-27T09:00:00Z\",\"sensor\":\"a\",\"pageSize\":10}");

        await().atMost(TIMEOUT)
                .until(() ->
                        platform.on(RES + "r1").stream().anyMatch(m -> m.text().contains("\"end\"")));
        List<TestSubscriber.Message> responses = platform.on(RES + "r1");
        assertThat(responses).hasSize(4);
        List<Object> ids = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Map<?, ?> body = (Map<?, ?>) JacksonTrees.json(responses.get(page).payload());
            assertThat(body.get("page")).isEqualTo((long) page);
            assertThat(body.get("status")).isEqualTo("ok");
            List<?> senml = (List<?>) body.get("senml");
            assertThat(body.get("count")).isEqualTo((long) senml.size());
            assertThat(((Map<?, ?>) senml.get(0)).get("bn")).isEqualTo("a/");
            senml.forEach(r -> ids.add(((Map<?, ?>) r).get("rid")));
        }
        assertThat(ids).containsExactlyElementsOf(a.stream().map(Reading::id).toList());
        Map<?, ?> end = (Map<?, ?>) JacksonTrees.json(responses.get(3).payload());
        assertThat(end.get("end")).isEqualTo(true);
        assertThat(end.get("pages")).isEqualTo(3L);
        assertThat(end.get("total")).isEqualTo(25L);
    }

    @Test
    void statusAnswersWithTheHealthSnapshotAndBacklogWithDepthAndAge() throws Exception {
        platform.send(REQ + "s1", "{\"op\":\"status\"}");
        platform.send(REQ + "b1", "{\"op\":\"backlog\"}");

        await().atMost(TIMEOUT).until(() -> !platform.on(RES + "s1").isEmpty() && !platform.on(RES + "b1").isEmpty());
        Map<?, ?> status = (Map<?, ?>) JacksonTrees.json(platform.on(RES + "s1").get(0).payload());
        assertThat(status.get("status")).isEqualTo("ok");
        assertThat(((Map<?, ?>) status.get("health")).get("sections")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("uplink");
        Map<?, ?> backlog = (Map<?, ?>) JacksonTrees.json(platform.on(RES + "b1").get(0).payload());
        assertThat(List.<Object>copyOf(backlog.keySet()))
                .contains("pending", "pendingBytes", "oldestAgeMillis", "classes");
        assertThat(List.<Object>copyOf(((Map<?, ?>) backlog.get("classes")).keySet()))
                .containsExactly("SAFETY", "TELEMETRY", "DIAGNOSTIC");
    }
}
