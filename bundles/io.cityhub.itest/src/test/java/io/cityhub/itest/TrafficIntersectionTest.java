package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.buffer.ReplayQuery;
import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.input.DigitalInputListener;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.output.OutputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * An intersection configured through ConfigAdmin runs in the framework: it drives DigitalOutput services the test
 * registers through its start-up sequence, and a monitor trip (a green lamp whose feedback stays off) reaches the
 * durable buffer as a SAFETY reading.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class TrafficIntersectionTest {

    static final String TRAFFIC_PID = "io.cityhub.traffic.TrafficController";
    static final List<String> T_JUNCTION_OUTPUTS = List.of("me.red", "me.amber", "me.green", "mw.red", "mw.amber",
            "mw.green", "ss.red", "ss.amber", "ss.green", "ps.red", "ps.green", "ps.ack", "tj.heartbeat");

    static final List<String> T_JUNCTION_INPUTS = List.of("det.side", "det.main-east", "det.main-west", "btn.side");

    /** A detector input that stays inactive: no call, and no detector fault for a missing input. */
    record QuietInput(String id) implements DigitalInput {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public String fault() {
            return null;
        }

        @Override
        public void addListener(DigitalInputListener listener) {
        }

        @Override
        public void removeListener(DigitalInputListener listener) {
        }
    }

    /** Every level change of every output, in order: "id=on" / "id=off". */
    final List<String> changes = new CopyOnWriteArrayList<>();

    /** An output that logs its changes; one may have feedback that stays off (a blown lamp). */
    final class RecordingOutput implements DigitalOutput {
        private final String id;
        private final boolean blown;
        private volatile boolean level;

        RecordingOutput(String id, boolean blown) {
            this.id = id;
            this.blown = blown;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void set(boolean on) throws OutputException {
            if (on != level) {
                changes.add(id + (on ? "=on" : "=off"));
            }
            level = on;
        }

        @Override
        public boolean sensed() {
            return !blown && level;
        }

        @Override
        public boolean hasFeedback() {
            return blown;
        }

        @Override
        public boolean safeState() {
            return false;
        }
    }

    @Test
    void anIntersectionDrivesTheOutputsThroughItsStartUpAndItsMonitorTripIsStoredAsSafety(
            @InjectBundleContext BundleContext context, @InjectService(timeout = 10_000) ConfigurationAdmin cm,
            @InjectService(timeout = 10_000) ReadingArchive archive,
            @InjectService(timeout = 10_000) ReadingBuffer buffer) throws Exception {
        Instant started = Instant.now();
        long safetyBefore = buffer.metrics().depth().get(Priority.SAFETY).count();
        List<ServiceRegistration<?>> registrations = new ArrayList<>();
        for (String id : T_JUNCTION_INPUTS) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DigitalInput.INPUT_ID, id);
            registrations.add(context.registerService(DigitalInput.class, new QuietInput(id), props));
        }
        for (String id : T_JUNCTION_OUTPUTS) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DigitalOutput.OUTPUT_ID, id);
            registrations.add(context.registerService(DigitalOutput.class,
                    new RecordingOutput(id, id.equals("me.green")), props));
        }
        Path definition = Path.of(context.getProperty("cityhub.itest.root"), "intersections", "t-junction.yaml")
                .toAbsolutePath().normalize();
        Configuration config = cm.createFactoryConfiguration(TRAFFIC_PID, "?");
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("definition.file", definition.toString());
            props.put("mode", "actuated");
            config.update(props);

            // start-up: flashing amber (5 s), all red (3 s), then the first stage's green, which the monitor
            // rejects within a few ticks because the lamp's feedback stays off
            Awaits.until("the first stage's green is commanded", Duration.ofSeconds(30),
                    () -> assertThat(changes).contains("me.green=on"));
            int firstAmber = changes.indexOf("me.amber=on");
            int firstRed = changes.indexOf("me.red=on");
            int firstGreen = changes.indexOf("me.green=on");
            assertThat(firstAmber).as(changes.toString()).isGreaterThanOrEqualTo(0);
            assertThat(changes.subList(0, firstRed)).as("flashing amber before any red").contains("me.amber=off");
            assertThat(firstAmber).isLessThan(firstRed);
            assertThat(firstRed).isLessThan(firstGreen);

            // pending in the outbox while no uplink is connected, in the replay archive once delivered (another
            // test of this framework may have connected the forwarder): three SAFETY readings (mode actuated,
            // monitor-trip, mode flashing-amber), unless delivered already
            Awaits.until("the monitor trip is in the buffer as a SAFETY reading", Duration.ofSeconds(30), () -> {
                List<Reading> delivered = archive.replay(new ReplayQuery(started, Instant.now().plusSeconds(60),
                        "traffic/t-junction", null, 100)).readings();
                boolean archived = delivered.stream().anyMatch(r -> r.channel().equals("monitor-trip")
                        && r.priority() == Priority.SAFETY && r.value().canonical().startsWith("FEEDBACK: ")
                        && r.value().canonical().contains("me.green"));
                long pending = buffer.metrics().depth().get(Priority.SAFETY).count();
                assertThat(archived || pending >= safetyBefore + 3)
                        .as("archived %s, SAFETY pending %d (before %d)", delivered, pending, safetyBefore).isTrue();
            });
            // the trip itself, seen on the outputs: the SAFETY count above may include other tests' late events
            Awaits.until("the monitor trip switches the green off", Duration.ofSeconds(10), () -> assertThat(
                    changes.subList(changes.indexOf("me.green=on"), changes.size())).contains("me.green=off"));
            // latched flashing amber: the ambers keep flashing after the trip, no green comes back
            int trip = changes.lastIndexOf("me.green=off");
            Awaits.until("flashing amber after the trip", Duration.ofSeconds(10),
                    () -> assertThat(changes.subList(trip, changes.size())).contains("ss.amber=on", "ss.amber=off"));
            assertThat(changes.subList(trip, changes.size())).doesNotContain("me.green=on", "ss.green=on",
                    "mw.green=on", "ps.green=on");
        } finally {
            config.delete();
            registrations.forEach(ServiceRegistration::unregister);
        }
    }
}
