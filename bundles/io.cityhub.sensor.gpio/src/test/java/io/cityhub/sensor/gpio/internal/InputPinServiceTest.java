package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.input.DigitalInputListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An input pin as the {@link DigitalInput} service other bundles (the traffic controller) use, on Pi4J's mock. */
class InputPinServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
    private final ManualPinScheduler scheduler = new ManualPinScheduler(T0);
    private final RecordingSink sink = new RecordingSink();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final DigitalInputListener listener = new DigitalInputListener() {
        @Override
        public void changed(DigitalInput input, boolean active, Instant at) {
            heard.add(input.id() + "=" + active + "@" + at);
        }

        @Override
        public void failed(DigitalInput input, String reason) {
            heard.add(input.id() + " failed: " + reason);
        }
    };
    private InputPin pin;

    @AfterEach
    void tearDown() {
        if (pin != null) {
            pin.close();
        }
        platform.close();
    }

    private InputPin start(PinConfigs configs) {
        GpioPinOptions options = configs.options();
        pin = new InputPin(
                options,
                platform.openInput(options.bcm(), "pin-" + options.bcm(), "bcm", options.pull()),
                new SinkSubmitter(sink, "BCM " + options.bcm()),
                scheduler,
                new ReadingStamper(null, scheduler.clock()));
        return pin;
    }

    @Test
    void aListenerHearsEachDebouncedChangeStampedAtItsFirstEdge() {
        // a push button to ground with the pull-up: pressed = low = active
        DigitalInput button = start(PinConfigs.input(22).with("sensor_id", "btn.side").with("debounce_ms", 20));
        platform.simulateInput(22, true);
        scheduler.advance(Duration.ofMillis(25));
        assertThat(button.active()).as("released").isFalse();
        button.addListener(listener);
        button.addListener(listener);

        scheduler.advance(Duration.ofSeconds(1));
        platform.simulateInput(22, false); // pressed, bouncing
        scheduler.advance(Duration.ofMillis(3));
        platform.simulateInput(22, true);
        scheduler.advance(Duration.ofMillis(2));
        platform.simulateInput(22, false);
        scheduler.advance(Duration.ofMillis(19));
        assertThat(heard).as("still bouncing").isEmpty();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(heard).containsExactly("btn.side=true@" + T0.plusMillis(1025));
        assertThat(button.active()).isTrue();
        assertThat(button.fault()).isNull();

        button.removeListener(listener);
        platform.simulateInput(22, true);
        scheduler.advance(Duration.ofMillis(50));
        assertThat(heard).as("removed listeners hear nothing").hasSize(1);
        assertThat(button.active()).isFalse();
    }

    @Test
    void closingTellsListenersTheInputIsNoLongerRead() {
        DigitalInput loop = start(PinConfigs.input(5).with("sensor_id", "det.side"));
        loop.addListener(listener);

        pin.close();
        pin = null;

        assertThat(heard).containsExactly("det.side failed: input on BCM 5 closed");
        assertThat(loop.fault()).isEqualTo("input on BCM 5 closed");
        assertThat(loop.active()).isFalse();
    }

    @Test
    void aFailingListenerDoesNotStopTheReadingsOrOtherListeners() {
        DigitalInput loop = start(PinConfigs.input(6).with("debounce_ms", 0));
        loop.addListener(new DigitalInputListener() {
            @Override
            public void changed(DigitalInput input, boolean active, Instant at) {
                throw new IllegalStateException("consumer bug");
            }
        });
        loop.addListener(listener);

        platform.simulateInput(6, true);
        scheduler.advance(Duration.ofMillis(1));

        assertThat(heard).hasSize(1);
        assertThat(sink.readings()).hasSize(2);
    }
}
