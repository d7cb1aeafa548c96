package io.cityhub.forward.mqtt.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.JacksonTrees;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.OutboundMessage;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder;
import io.cityhub.forward.mqtt.internal.payload.SenmlEncoder;
import io.cityhub.profiles.senml.SenmlFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagePlannerTest {

    private final MessagePlanner planner =
            new MessagePlanner(new Topics("cityhub", "gw-1"), new SenmlEncoder(SenmlFormat.JSON), 800);

    @Test
    void sendsSafetyReadingsToEventsAndTelemetryPerSensorKeepingOrder() throws Exception {
        List<Reading> batch = new ArrayList<>();
        batch.add(Fixtures.safety("tl-1", 0));
        for (int i = 0; i < 20; i++) {
            batch.add(Fixtures.temperature(i % 2 == 0 ? "a" : "b/c+#", i));
        }

        List<OutboundMessage> messages = planner.plan(batch).messages();

        assertThat(messages.get(0).topic()).isEqualTo("cityhub/gw-1/events");
        assertThat(messages).extracting(OutboundMessage::topic).containsOnly("cityhub/gw-1/events",
                "cityhub/gw-1/telemetry/a", "cityhub/gw-1/telemetry/b_c__");
        assertThat(messages).allSatisfy(m -> assertThat(m.payload().length).isLessThanOrEqualTo(800));
        assertThat(messages.stream().mapToInt(m -> m.readings().size()).sum()).isEqualTo(21);
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
        List<OutboundMessage> messages = planner.plan(List.of(Fixtures.temperature("b/c", 1))).messages();
        assertThat(JacksonTrees.records(JacksonTrees.json(messages.get(0).payload())).get(0).get("bn"))
                .isEqualTo("b/c/");
    }

    @Test
    void setsAsideReadingsWhoseTopicIsNoMqttStringAndPlansTheRest() {
        Reading nul = Fixtures.temperature("\u0000nul", 1);
        Reading c1 = Fixtures.temperature("x\u0085", 2);
        List<Reading> good = Fixtures.temperatures("a", 3);
        List<Reading> batch = new ArrayList<>(List.of(nul, c1));
        batch.addAll(good);

        MessagePlanner.Plan plan = planner.plan(batch);

        assertThat(plan.undeliverable()).extracting(MessagePlanner.Undeliverable::reading).containsExactly(nul, c1);
        assertThat(plan.undeliverable().get(0).reason()).isEqualTo("topic holds control character U+0000 at index 23");
        assertThat(plan.undeliverable().get(1).reason()).contains("U+0085");
        assertThat(plan.messages()).singleElement().satisfies(m -> assertThat(m.readings()).isEqualTo(good));
    }

    @Test
    void encodesOneByOneWhenAGroupFailsAndSetsAsideOnlyTheReadingTheEncoderRejects() {
        List<Reading> readings = Fixtures.temperatures("a", 4);
        Reading poison = readings.get(2);
        PayloadEncoder picky = (sensor, group, max) -> {
            if (group.contains(poison)) {
                throw new IllegalStateException("cannot write " + poison.id());
            }
            return new SenmlEncoder(SenmlFormat.JSON).encode(sensor, group, max);
        };

        MessagePlanner.Plan plan = new MessagePlanner(new Topics("cityhub", "gw-1"), picky, 800).plan(readings);

        assertThat(plan.undeliverable()).singleElement().satisfies(u -> {
            assertThat(u.reading()).isEqualTo(poison);
            assertThat(u.reason()).isEqualTo("cannot encode: java.lang.IllegalStateException: cannot write "
                    + poison.id());
        });
        assertThat(plan.messages()).flatExtracting(OutboundMessage::readings)
                .containsExactly(readings.get(0), readings.get(1), readings.get(3));
    }
}
