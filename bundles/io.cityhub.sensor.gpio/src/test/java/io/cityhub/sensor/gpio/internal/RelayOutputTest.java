package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.output.OutputException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayOutputTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
    private final ManualPinScheduler scheduler = new ManualPinScheduler(T0);
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void tearDown() {
        platform.close();
    }

    private RelayOutput open(PinConfigs configs) {
        GpioPinOptions options = configs.options();
        return open(options, platform.openOutput(options.bcm(), "relay", options.safeOn() == options.activeHigh()));
    }

    private RelayOutput open(GpioPinOptions options, com.pi4j.io.gpio.digital.DigitalOutput line) {
        var feedback = options.feedbackBcm() < 0 ? null
                : platform.openInput(options.feedbackBcm(), "relay", "feedback.bcm", options.pull());
        return new RelayOutput(options, line, feedback, new SinkSubmitter(sink, "BCM " + options.bcm()), scheduler,
                new ReadingStamper(null, scheduler.clock()));
    }

    @Test
    void startsInItsSafeState() {
        RelayOutput on = open(PinConfigs.output(6).with("safe_state", "on").with("active_level", "high"));
        RelayOutput off = open(PinConfigs.output(7).with("safe_state", "off").with("active_level", "low"));

        assertThat(platform.simulatedOutputLevel(6)).isEqualTo(1);
        assertThat(platform.simulatedOutputLevel(7)).as("inactive is high for an active-low relay").isEqualTo(1);
        assertThat(on.sensed()).isTrue();
        assertThat(off.sensed()).isFalse();
        assertThat(on.safeState()).isTrue();
        assertThat(off.hasFeedback()).isFalse();
    }

    @Test
    void drivesTheActiveLevelOnCommand() throws OutputException {
        RelayOutput relay = open(PinConfigs.output(6).with("active_level", "low"));

        relay.set(true);
        assertThat(platform.simulatedOutputLevel(6)).isZero();
        assertThat(relay.sensed()).isTrue();

        relay.set(false);
        assertThat(platform.simulatedOutputLevel(6)).isEqualTo(1);
        assertThat(relay.id()).isEqualTo("relay-6");
    }

    @Test
    void closeDrivesTheSafeStateAndRefusesFurtherCommands() throws OutputException {
        RelayOutput relay = open(PinConfigs.output(6).with("active_level", "high").with("safe_state", "off"));
        relay.set(true);

        relay.close();

        assertThat(platform.simulatedOutputLevel(6)).isZero();
        assertThatThrownBy(() -> relay.set(true)).isInstanceOf(OutputException.class).hasMessageContaining("closed");
        assertThat(platform.simulatedOutputLevel(6)).isZero();
    }

    @Test
    void aProviderFailureLeavesTheOutputInItsSafeState() throws OutputException {
        GpioPinOptions options = PinConfigs.output(6).with("active_level", "high").with("safe_state", "off").options();
        var real = platform.openOutput(6, "relay", false);
        AtomicBoolean breakNextOn = new AtomicBoolean();
        // a line whose provider fails when driven high, as a driver error would
        var failing = (com.pi4j.io.gpio.digital.DigitalOutput) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {com.pi4j.io.gpio.digital.DigitalOutput.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("state") && args != null && args[0] == DigitalState.HIGH
                            && breakNextOn.get()) {
                        real.state(DigitalState.HIGH); // the line moved before the driver reported its error
                        throw new com.pi4j.io.exception.IOException("line request failed");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RelayOutput relay = open(options, failing);
        relay.set(true);
        relay.set(false);
        breakNextOn.set(true);

        assertThatThrownBy(() -> relay.set(true)).isInstanceOf(OutputException.class)
                .hasMessageContaining("relay-6").hasMessageContaining("safe state").hasCauseInstanceOf(
                        com.pi4j.io.exception.IOException.class);

        assertThat(platform.simulatedOutputLevel(6)).isZero();
        assertThat(relay.failed()).isTrue();
        breakNextOn.set(false);
        assertThatThrownBy(() -> relay.set(true)).isInstanceOf(OutputException.class)
                .hasMessageContaining("after a fault");
        assertThat(platform.simulatedOutputLevel(6)).isZero();
    }

    @Test
    void feedbackDisagreeingLongerThanTheSettleTimeIsASafetyEvent() throws OutputException {
        RelayOutput relay = open(PinConfigs.output(6).with("active_level", "high").with("pull", "down")
                .with("feedback_bcm", 13).with("feedback_settle_ms", 200));
        assertThat(relay.hasFeedback()).isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(sink.readings()).as("off and reading off: no event").isEmpty();

        relay.set(true);
        scheduler.advance(Duration.ofMillis(100));
        platform.simulateInput(13, true); // the relay pulled in within the settle time
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(sink.readings()).isEmpty();
        assertThat(relay.sensed()).isTrue();

        platform.simulateInput(13, false); // contact dropped out while commanded on
        scheduler.advance(Duration.ofMillis(199));
        assertThat(sink.readings()).isEmpty();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(sink.readings()).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("relay-6");
            assertThat(r.channel()).isEqualTo("feedback.mismatch");
            assertThat(r.value()).isEqualTo(ReadingValue.of(true));
            assertThat(r.priority()).isEqualTo(Priority.SAFETY);
            assertThat(r.source().attributes()).containsEntry("feedback.bcm", "13").containsEntry("commanded", "true");
        });
        assertThat(relay.mismatch()).isTrue();

        relay.set(false);
        scheduler.advance(Duration.ofMillis(200));
        assertThat(sink.readings()).extracting(Reading::value).containsExactly(ReadingValue.of(true),
                ReadingValue.of(false));
        relay.close();
    }
}
