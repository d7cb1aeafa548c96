package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.Reading;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GpioPlatformTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void autoChoosesGpiodOnlyWhereTheCharacterDeviceExists() {
        GpioPlatform.Provider expected = Files.exists(GpioPlatform.GPIOCHIP) ? GpioPlatform.Provider.GPIOD
                : GpioPlatform.Provider.MOCK;

        assertThat(GpioPlatform.choose(null)).isEqualTo(expected);
        assertThat(GpioPlatform.choose(" Auto ")).isEqualTo(expected);
        assertThat(GpioPlatform.choose("mock")).isEqualTo(GpioPlatform.Provider.MOCK);
        assertThat(GpioPlatform.choose("gpiod")).isEqualTo(GpioPlatform.Provider.GPIOD);
    }

    @Test
    void rejectsAnUnknownProviderNamingTheProperty() {
        assertThatThrownBy(() -> GpioPlatform.choose("sysfs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("framework property cityhub.gpio.provider has invalid value 'sysfs'; expected auto, gpiod"
                        + " or mock");
    }

    @Test
    void rejectsABadToggleInterval() {
        assertThat(GpioPlatform.toggleInterval(null)).isZero();
        assertThat(GpioPlatform.toggleInterval("5")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> GpioPlatform.toggleInterval("-1")).hasMessageContaining("'-1'");
        assertThatThrownBy(() -> GpioPlatform.toggleInterval("soon")).hasMessageContaining(
                "cityhub.gpio.simulate.toggle.seconds has invalid value 'soon'");
    }

    @Test
    void theDemoToggleMovesEveryOpenSimulatedInput() {
        GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
        ManualPinScheduler scheduler = new ManualPinScheduler(T0);
        RecordingSink sink = new RecordingSink();
        GpioPin door = new GpioPin(PinConfigs.input(17).with("debounce_ms", 0).options(), "door", platform, sink,
                new ReadingStamper(null, scheduler.clock()), () -> null, null, scheduler);
        GpioPin loop = new GpioPin(PinConfigs.input(22).with("debounce_ms", 0).options(), "loop", platform, sink,
                new ReadingStamper(null, scheduler.clock()), () -> null, null, scheduler);
        MockPinSimulator simulator = new MockPinSimulator(platform, Duration.ofSeconds(10), scheduler);

        scheduler.advance(Duration.ofSeconds(20));

        assertThat(sink.readings()).filteredOn(r -> r.source().attributes().get("event").equals("change"))
                .extracting(Reading::sensorId).containsExactly("door-17", "door-22", "door-17", "door-22");
        assertThat(simulator.drive(5, true)).as("no pin has BCM 5").isFalse();
        assertThat(simulator.outputLevel(5)).isEqualTo(-1);
        simulator.close();
        door.deactivate();
        loop.deactivate();
        platform.close();
    }
}
