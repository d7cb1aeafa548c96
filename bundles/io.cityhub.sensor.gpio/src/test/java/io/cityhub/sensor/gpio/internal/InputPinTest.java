package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.clock.ClockStateListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputPinTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
    private final ManualPinScheduler scheduler = new ManualPinScheduler(T0);
    private final RecordingSink sink = new RecordingSink();
    private InputPin pin;

    @AfterEach
    void tearDown() {
        if (pin != null) {
            pin.close();
        }
        platform.close();
    }

    private InputPin start(PinConfigs configs) {
        return start(configs, new ReadingStamper(null, scheduler.clock()));
    }

    private InputPin start(PinConfigs configs, ReadingStamper stamper) {
        GpioPinOptions options = configs.options();
        pin = new InputPin(options, platform.openInput(options.bcm(), "pin-" + options.bcm(), "bcm", options.pull()),
                new SinkSubmitter(sink, "BCM " + options.bcm()), scheduler, stamper);
        return pin;
    }

    private List<Reading> events(String event) {
        return sink.readings().stream().filter(r -> r.source().attributes().get("event").equals(event)).toList();
    }

    @Test
    void reportsTheStateAtStartWithPinAndEvent() {
        // mock lines start low; active low with pull-up: a closed contact
        start(PinConfigs.input(17));

        assertThat(sink.readings()).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("door-17");
            assertThat(r.channel()).isEqualTo("state");
            assertThat(r.value()).isEqualTo(ReadingValue.of(true));
            assertThat(r.timestamp()).isEqualTo(T0);
            assertThat(r.source().transport()).isEqualTo("gpio");
            assertThat(r.source().attributes()).containsEntry("bcm", "17").containsEntry("event", "start");
        });
    }

    @Test
    void bouncingContactGivesOneChangeStampedAtItsFirstEdge() {
        start(PinConfigs.input(17).with("debounce_ms", 20));

        scheduler.advance(Duration.ofSeconds(1));
        Instant firstEdge = T0.plusSeconds(1);
        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofMillis(2));
        platform.simulateInput(17, false);
        scheduler.advance(Duration.ofMillis(3));
        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofMillis(19));
        assertThat(events("change")).as("still bouncing within the debounce time").isEmpty();

        scheduler.advance(Duration.ofMillis(1));

        assertThat(events("change")).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(ReadingValue.of(false));
            assertThat(r.timestamp()).isEqualTo(firstEdge);
        });
    }

    @Test
    void glitchShorterThanTheDebounceIsNoChange() {
        start(PinConfigs.input(17).with("debounce_ms", 20));

        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofMillis(5));
        platform.simulateInput(17, false);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events("change")).isEmpty();
    }

    @Test
    void withoutDebounceEveryEdgeIsAChangeAtOnce() {
        start(PinConfigs.input(17).with("debounce_ms", 0).with("active_level", "high"));

        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofNanos(1500));
        platform.simulateInput(17, false);

        assertThat(events("change")).extracting(Reading::value, Reading::timestamp).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReadingValue.of(true), T0),
                org.assertj.core.groups.Tuple.tuple(ReadingValue.of(false), T0.plusNanos(1500)));
    }

    @Test
    void activeHighReadsTheHighLevelAsActive() {
        start(PinConfigs.input(22).with("active_level", "high").with("pull", "down"));

        assertThat(events("start")).singleElement().extracting(Reading::value).isEqualTo(ReadingValue.of(false));
        platform.simulateInput(22, true);
        scheduler.advance(Duration.ofMillis(20));
        assertThat(events("change")).singleElement().extracting(Reading::value).isEqualTo(ReadingValue.of(true));
        assertThat(pin.active()).isTrue();
    }

    @Test
    void heartbeatReportsTheSettledStateOnItsInterval() {
        start(PinConfigs.input(17).with("heartbeat_seconds", 60));

        scheduler.advance(Duration.ofSeconds(59));
        assertThat(events("heartbeat")).isEmpty();
        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events("heartbeat")).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(ReadingValue.of(false));
            assertThat(r.timestamp()).isEqualTo(T0.plusSeconds(60));
        });
        scheduler.advance(Duration.ofSeconds(120));
        assertThat(events("heartbeat")).hasSize(3);
    }

    @Test
    void zeroHeartbeatReportsChangesOnly() {
        start(PinConfigs.input(17).with("heartbeat_seconds", 0));

        scheduler.advance(Duration.ofDays(1));

        assertThat(events("heartbeat")).isEmpty();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void stampsWithTheGatewayClockStateWhenThereIsOne() {
        ClockState synchronised = new ClockState() {
            @Override
            public Instant now() {
                return T0.plusSeconds(7);
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
        start(PinConfigs.input(17), new ReadingStamper(synchronised, scheduler.clock()));

        assertThat(sink.readings()).singleElement().satisfies(r -> {
            assertThat(r.clockQuality()).isEqualTo(ClockQuality.SYNCHRONISED);
            assertThat(r.timestamp()).isEqualTo(T0.plusSeconds(7));
        });
    }

    @Test
    void changesStampedWithATimeTheClockShowsTwiceKeepDistinctIds() {
        ClockState standingStill = new ClockState() { // a clock set back shows the same time again
            @Override
            public Instant now() {
                return T0;
            }

            @Override
            public ClockQuality quality() {
                return ClockQuality.UNSYNCHRONISED;
            }

            @Override
            public AutoCloseable onChange(ClockStateListener listener) {
                return () -> { };
            }
        };
        start(PinConfigs.input(17).with("debounce_ms", 0), new ReadingStamper(standingStill, scheduler.clock()));

        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofMillis(1));
        platform.simulateInput(17, false);
        scheduler.advance(Duration.ofMillis(1));

        assertThat(sink.readings()).hasSize(3).extracting(Reading::timestamp).containsOnly(T0);
        assertThat(sink.readings()).extracting(Reading::id).doesNotHaveDuplicates();
    }

    @Test
    void withoutClockStateStampsUnsynchronised() {
        start(PinConfigs.input(17));

        assertThat(sink.readings()).singleElement().extracting(Reading::clockQuality)
                .isEqualTo(ClockQuality.UNSYNCHRONISED);
    }

    @Test
    void anOutboxOutageLosesThoseReadingsButNotThePin() {
        start(PinConfigs.input(17).with("debounce_ms", 0));
        sink.refuse(true);
        platform.simulateInput(17, true);
        assertThat(sink.refusedSubmissions()).isEqualTo(1);

        sink.refuse(false);
        platform.simulateInput(17, false);

        assertThat(events("change")).singleElement().extracting(Reading::value).isEqualTo(ReadingValue.of(true));
    }

    @Test
    void closeStopsListeningAndTheHeartbeat() {
        start(PinConfigs.input(17).with("debounce_ms", 0));

        pin.close();
        platform.simulateInput(17, true);
        scheduler.advance(Duration.ofDays(1));

        assertThat(sink.readings()).hasSize(1);
        assertThat(scheduler.pending()).isZero();
        pin = null;
    }
}
