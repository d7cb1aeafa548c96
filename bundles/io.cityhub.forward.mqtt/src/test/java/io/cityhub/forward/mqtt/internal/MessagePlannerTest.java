package io.cityhub.forward.mqtt.internal;

import io.cityhub.forward.mqtt.internal.MessagePlanner.OutboundMessage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagePlannerTest {

    private final MessagePlanner planner = new MessagePlanner(new Topics("cityhub", "gw-1"), new SenmlJsonEncoder(), 800);

    @Test
    void sendsSafetyReadingsToEventsAndTelemetryPerSensorKeepingOrder() throws Exception {
        List<Reading> batch = new ArrayList<>();
        batch.add(Fixtures.safety("tl-1", 0));
        for (int i = 0; i < 20; i++) {
            batch.add(Fixtures.temperature(i % 2 == 0 ? "a" : "b/c+#", i));
        }

        List<OutboundMessage> messages = planner.plan(batch);

        assertThat(messages.get(0).topic()).isEqualTo("cityhub/gw-1/events");
        assertThat(messages).extracting(OutboundMessage::topic).containsOnly("cityhub/gw-1/events",
                "cityhub/gw-1/telemetry/a", "cityhub/gw-1/telemetry/b_c__");
        assertThat(messages).allSatisfy(m -> assertThat(m.payload().length).isLessThanOrEqualTo(800));
        assertThat(messages.stream().mapToInt(OutboundMessage::readings).sum()).isEqualTo(21);
        List<Object> idsOfA = new ArrayList<>();
        for (OutboundMessage m : messages) {
            if (m.topic().endsWith("/a")) {
                for (Map<String, Object> r : JacksonTrees.records(JacksonTrees.json(m.payload()))) {
                    idsOfA.add(r.get("rid"));
                }
            }
        }
        assertThat(idsOfA).containsExactlyElementsOf(
                batch.stream().filter(r -> r.sensorId().equals("a")).map(Reading::id).toList());
    }

    @Test
    void sensorIdInTheBaseNameStaysUnchangedWhenTheTopicLevelIsSanitised() throws Exception {
        List<OutboundMessage> messages = planner.plan(List.of(Fixtures.temperature("b/c", 1)));
        assertThat(JacksonTrees.records(JacksonTrees.json(messages.get(0).payload())).get(0).get("bn"))
                .isEqualTo("b/c/");
    }
}
