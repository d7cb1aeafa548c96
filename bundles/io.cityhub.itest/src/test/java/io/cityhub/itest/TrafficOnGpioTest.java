package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.api.traffic.SignalTimingListener;
import io.cityhub.sensor.gpio.simulation.SimulatedPins;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The t-junction on GPIO pins of Pi4J's mock provider, all configured through ConfigAdmin: signal heads on output
 * pins, loops and the push button on input pins (DigitalInput services), SPaT to a registered listener. A button
 * press lights the request acknowledgement and brings the pedestrian green; a loop pin that goes away is a detector
 * fault whose permanent call serves the side road.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class TrafficOnGpioTest {

    static final String GPIO_PID = "io.cityhub.sensor.gpio.GpioPin";

    /** Output id → BCM line (the itest snapshot holds BCM 17 and 22). */
    static final Map<String, Integer> OUTPUTS = new LinkedHashMap<>();
    /** Input id → BCM line. */
    static final Map<String, Integer> INPUTS = new LinkedHashMap<>();

    static {
        int bcm = 2;
        for (String id : TrafficIntersectionTest.T_JUNCTION_OUTPUTS) {
            OUTPUTS.put(id, bcm++);
        }
        INPUTS.put("det.side", 23);
        INPUTS.put("det.main-east", 24);
        INPUTS.put("det.main-west", 25);
        INPUTS.put("btn.side", 26);
    }

    @Test
    void buttonsAndLoopsOnGpioPinsDriveTheIntersectionAndItsSpatIsPublished(
            @InjectBundleContext BundleContext context, @InjectService(timeout = 10_000) ConfigurationAdmin cm,
            @InjectService(timeout = 10_000) SimulatedPins pins) throws Exception {
        List<Configuration> configs = new ArrayList<>();
        List<SignalTiming> timings = new CopyOnWriteArrayList<>();
        ServiceRegistration<SignalTimingListener> listener = context.registerService(SignalTimingListener.class,
                timings::add, null);
        try {
            for (var e : OUTPUTS.entrySet()) {
                configs.add(pin(cm, e.getValue(), "output", e.getKey()));
            }
            Configuration loop = null;
            for (var e : INPUTS.entrySet()) {
                Configuration c = pin(cm, e.getValue(), "input", e.getKey());
                configs.add(c);
                loop = e.getKey().equals("det.side") ? c : loop;
            }
            Awaits.until("four DigitalInput services", () -> assertThat(context.getServiceReferences(
                    DigitalInput.class, null)).extracting(r -> r.getProperty(DigitalInput.INPUT_ID))
                    .containsAll(INPUTS.keySet()));
            // mock lines start low, which an active-low input reads as pressed / occupied: no traffic yet
            for (int bcm : INPUTS.values()) {
                assertThat(pins.drive(bcm, true)).isTrue();
            }
            Path definition = Path.of(context.getProperty("cityhub.itest.root"), "intersections", "t-junction.yaml")
                    .toAbsolutePath().normalize();
            Configuration traffic = cm.createFactoryConfiguration(TrafficIntersectionTest.TRAFFIC_PID, "?");
            configs.add(traffic);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("definition.file", definition.toString());
            props.put("mode", "actuated");
            traffic.update(props);

            Awaits.until("the main road's green after start-up", Duration.ofSeconds(30),
                    () -> assertThat(level(pins, "me.green")).isEqualTo(1));
            assertThat(level(pins, "ps.ack")).isZero();
            assertThat(timings).isNotEmpty().allMatch(t -> t.intersection().equals("t-junction"));

            // the button to ground: pressed is low for the active-low input
            assertThat(pins.drive(INPUTS.get("btn.side"), false)).isTrue();
            Awaits.until("request acknowledged", Duration.ofSeconds(5),
                    () -> assertThat(level(pins, "ps.ack")).isEqualTo(1));
            pins.drive(INPUTS.get("btn.side"), true);
            Awaits.until("the pedestrian green", Duration.ofSeconds(60),
                    () -> assertThat(level(pins, "ps.green")).isEqualTo(1));
            assertThat(timings).anySatisfy(t -> assertThat(t.movements().get(3).eventState()).isEqualTo(6));

            // the side-road loop's pin is deconfigured: a detector fault, so the side road is called for good
            configs.remove(loop); // before delete: a deleted configuration's equals throws
            loop.delete();
            Awaits.until("the side road served on the permanent call", Duration.ofSeconds(90),
                    () -> assertThat(level(pins, "ss.green")).isEqualTo(1));
        } finally {
            listener.unregister();
            for (Configuration c : configs) {
                c.delete();
            }
            // deletion is asynchronous: the next test must not meet this intersection or these pins
            Awaits.until("the intersection and its pins are gone", () -> {
                assertThat(context.getServiceReferences(HealthContributor.class,
                        "(component.name=" + TrafficIntersectionTest.TRAFFIC_PID + ")")).isEmpty();
                assertThat(context.getServiceReferences(DigitalOutput.class, null)).extracting(
                        r -> r.getProperty(DigitalOutput.OUTPUT_ID)).doesNotContainAnyElementsOf(OUTPUTS.keySet());
            });
        }
    }

    private static int level(SimulatedPins pins, String output) {
        return pins.outputLevel(OUTPUTS.get(output));
    }

    private static Configuration pin(ConfigurationAdmin cm, int bcm, String role, String id) throws Exception {
        Configuration c = cm.createFactoryConfiguration(GPIO_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("bcm", bcm);
        props.put("role", role);
        props.put("sensor.id", id);
        props.put("active.level", role.equals("output") ? "high" : "low");
        props.put("debounce.ms", 0);
        props.put("heartbeat.seconds", 0);
        c.update(props);
        return c;
    }
}
