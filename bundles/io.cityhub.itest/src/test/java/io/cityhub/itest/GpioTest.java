package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.sensor.gpio.simulation.SimulatedPins;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * GPIO inside the framework, on Pi4J's mock provider with the pins of the itest snapshot: a door contact on BCM 17
 * (active low, no debounce) and a relay on BCM 22 (active high, safe off).
 */
@ExtendWith(ServiceExtension.class)
class GpioTest {

    @Test
    void aSimulatedEdgeBecomesAReadingInTheBuffer(@InjectService(timeout = 10_000) SimulatedPins pins,
            @InjectService(timeout = 10_000) ReadingBuffer buffer) throws Exception {
        Awaits.until("the door pin has its line open", () -> assertThat(pins.drive(17, false)).isTrue());
        assertThat(pins.drive(17, true)).isTrue(); // the contact opens: high is inactive for an active-low pin

        List<Batch> taken = new ArrayList<>();
        try {
            List<Reading> seen = new ArrayList<>();
            // the itest forwarder's broker does not listen, so the reading waits in the outbox
            Awaits.until("the change reading is in the outbox", () -> {
                Optional<Batch> batch = buffer.take(500, Duration.ofMillis(200));
                batch.ifPresent(b -> {
                    taken.add(b);
                    seen.addAll(b.readings());
                });
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.sensorId()).isEqualTo("itest-door");
                    assertThat(r.channel()).isEqualTo("state");
                    assertThat(r.source().transport()).isEqualTo("gpio");
                    assertThat(r.source().attributes()).containsEntry("event", "change").containsEntry("bcm", "17");
                    assertThat(r.value()).isEqualTo(ReadingValue.of(false));
                });
            });
        } finally {
            taken.forEach(buffer::release);
        }
    }

    @Test
    void anOutputIsDrivenThroughItsDigitalOutputService(@InjectService(timeout = 10_000) SimulatedPins pins,
            @InjectService(timeout = 10_000, filter = "(" + DigitalOutput.OUTPUT_ID + "=itest-relay)")
            DigitalOutput relay) throws Exception {
        assertThat(relay.id()).isEqualTo("itest-relay");
        assertThat(relay.safeState()).isFalse();
        assertThat(relay.hasFeedback()).isFalse();
        assertThat(pins.outputLevel(22)).as("starts in its safe state").isZero();

        relay.set(true);
        assertThat(pins.outputLevel(22)).isEqualTo(1);
        assertThat(relay.sensed()).isTrue();

        relay.set(false);
        assertThat(pins.outputLevel(22)).isZero();
    }
}
