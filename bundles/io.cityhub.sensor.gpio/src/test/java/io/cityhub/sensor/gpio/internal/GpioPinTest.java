package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.clock.ClockStateListener;
import io.cityhub.api.output.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioPinTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dataRoot;

    private final GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
    private final RecordingSink sink = new RecordingSink();
    private final ManualPinScheduler scheduler = new ManualPinScheduler(T0);

    @AfterEach
    void tearDown() {
        platform.close();
    }

    private GpioPin pin(String owner, PinConfigs configs) {
        return pin(owner, configs, new ManualPinScheduler(T0));
    }

    private GpioPin pin(String owner, PinConfigs configs, ManualPinScheduler pinScheduler) {
        return new GpioPin(configs.options(), owner, platform, sink, new ReadingStamper(null, pinScheduler.clock()),
                () -> dataRoot, null, pinScheduler);
    }

    @Test
    void twoPinsOnOneLineFailTheSecondNamingBoth() {
        GpioPin door = pin("door.a", PinConfigs.input(17));

        assertThatThrownBy(() -> pin("door.b", PinConfigs.input(17))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.cityhub.sensor.gpio.GpioPin: attribute 'bcm' has invalid value '17'; expected a pin"
                        + " no other component uses; BCM 17 is held by 'door.a', so 'door.b' cannot claim it");

        // the first keeps working
        platform.simulateInput(17, true);
        assertThat(sink.readings()).hasSize(1);
        door.deactivate();
    }

    @Test
    void aFeedbackLineHeldByAnotherPinFailsNamingTheAttributeAndBoth() {
        GpioPin door = pin("door", PinConfigs.input(13));

        assertThatThrownBy(() -> pin("pump", PinConfigs.output(6).with("feedback_bcm", 13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'feedback.bcm' has invalid value '13'")
                .hasMessageContaining("'door'").hasMessageContaining("'pump'");

        assertThat(platform.simulatedOutputLevel(6)).as("the failed output's line was freed").isEqualTo(-1);
        GpioPin other = pin("other", PinConfigs.output(6));
        other.deactivate();
        door.deactivate();
    }

    @Test
    void aClockStateArrivingOrLeavingChangesTheStampsWithoutRestartingThePin() {
        GpioPin door = pin("door", PinConfigs.input(17).with("debounce_ms", 0));
        ClockState synchronised = new ClockState() {
            @Override
            public Instant now() {
                return T0.plusSeconds(100);
            }

            @Override
            public ClockQuality quality() {
                return ClockQuality.SYNCHRONISED;
            }

            @Override
            public AutoCloseable onChange(ClockStateListener listener) {
                return () -> { };
            }
        };
        RunningPin before = door.role();

        door.bindClockState(synchronised);
        platform.simulateInput(17, true);
        door.unbindClockState(synchronised);
        platform.simulateInput(17, false);

        assertThat(door.role()).isSameAs(before);
        assertThat(sink.readings()).extracting(Reading::clockQuality).containsExactly(ClockQuality.UNSYNCHRONISED,
                ClockQuality.SYNCHRONISED, ClockQuality.UNSYNCHRONISED);
        assertThat(sink.readings().get(1).timestamp()).isEqualTo(T0.plusSeconds(100));
        door.deactivate();
    }

    @Test
    void aStoppedPinFreesItsLine() {
        pin("door.a", PinConfigs.input(17)).deactivate();

        GpioPin again = pin("door.b", PinConfigs.input(17));

        again.deactivate();
    }

    @Test
    void deactivatingAnOutputLeavesItInItsSafeState() throws OutputException {
        GpioPin pump = pin("pump", PinConfigs.output(6).with("active_level", "high").with("safe_state", "off"));
        ((RelayOutput) pump.role()).set(true);
        assertThat(platform.simulatedOutputLevel(6)).isEqualTo(1);
        RelayOutput relay = (RelayOutput) pump.role();

        pump.deactivate();

        assertThatThrownBy(() -> relay.set(true)).isInstanceOf(OutputException.class);
        // Pi4J's line is shut down with the safe level as its shutdown state; a new owner finds it safe
        GpioPin again = pin("pump2", PinConfigs.output(6).with("active_level", "high").with("safe_state", "off"));
        assertThat(platform.simulatedOutputLevel(6)).isZero();
        again.deactivate();
    }

    @Test
    void aCounterKeepsItsTotalUnderTheDataRoot() {
        GpioPin rain = pin("rain", PinConfigs.counter(5).with("debounce_ms", 0).with("active_level", "high"),
                scheduler);
        platform.simulateInput(5, true);
        platform.simulateInput(5, false);
        scheduler.advance(Duration.ofSeconds(60));
        rain.deactivate();

        assertThat(dataRoot.resolve("gpio-counters/counter-rain-5.state")).exists();
        GpioPin again = pin("rain", PinConfigs.counter(5));
        assertThat(((CounterPin) again.role()).total()).isEqualTo(1);
        again.deactivate();
    }

    @Test
    void anUnreadableCounterStateFailsActivationNamingPidAndFileAndFreesTheLine() throws IOException {
        Path file = dataRoot.resolve("gpio-counters/counter-rain-5.state");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "garbage\n");

        assertThatThrownBy(() -> pin("rain", PinConfigs.counter(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("io.cityhub.sensor.gpio.GpioPin: rain (BCM 5)")
                .hasMessageContaining("counter-rain-5.state");

        pin("door", PinConfigs.input(5)).deactivate();
    }
}
