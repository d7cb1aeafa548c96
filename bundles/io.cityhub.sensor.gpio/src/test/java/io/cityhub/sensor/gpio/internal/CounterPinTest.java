package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterPinTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    private final List<GpioPlatform> platforms = new ArrayList<>();
    private final ManualPinScheduler scheduler = new ManualPinScheduler(T0);
    private final RecordingSink sink = new RecordingSink();
    private GpioPlatform platform;

    @AfterEach
    void tearDown() {
        platforms.forEach(GpioPlatform::close);
    }

    /** A fresh platform per start, as after a restart of the gateway. */
    private CounterPin start(PinConfigs configs) throws IOException {
        platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
        platforms.add(platform);
        GpioPinOptions options = configs.options();
        return new CounterPin(options, platform.openInput(options.bcm(), "rain", "bcm", options.pull()),
                new SinkSubmitter(sink, "BCM " + options.bcm()), scheduler,
                new ReadingStamper(null, scheduler.clock()), new CounterStore(dir.resolve("rain.state")));
    }

    private static PinConfigs rainGauge() {
        return PinConfigs.counter(5).with("debounce_ms", 0).with("active_level", "high").with("pull", "down")
                .with("scale", 0.2).with("unit", "mm").with("channel", "rain").with("window_seconds", 60);
    }

    private void pulses(int bcm, int n) {
        for (int i = 0; i < n; i++) {
            platform.simulateInput(bcm, true);
            scheduler.advance(Duration.ofMillis(10));
            platform.simulateInput(bcm, false);
            scheduler.advance(Duration.ofMillis(10));
        }
    }

    private double value(String channel) {
        return sink.readings().stream().filter(r -> r.channel().equals(channel)).reduce((a, b) -> b)
                .map(r -> ((ReadingValue.NumberValue) r.value()).value()).orElseThrow();
    }

    @Test
    void reportsScaledCountRatePerHourAndTotalPerWindow() throws IOException {
        CounterPin pin = start(rainGauge());

        pulses(5, 3);
        scheduler.advance(Duration.ofSeconds(60).minusMillis(60));

        assertThat(sink.readings()).extracting(Reading::channel, Reading::unit).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rain", "mm"),
                org.assertj.core.groups.Tuple.tuple("rain.rate", "mm/h"),
                org.assertj.core.groups.Tuple.tuple("rain.total", "mm"));
        assertThat(value("rain")).isCloseTo(0.6, within(1e-9));
        assertThat(value("rain.rate")).isCloseTo(36.0, within(1e-9));
        assertThat(value("rain.total")).isCloseTo(0.6, within(1e-9));
        assertThat(sink.readings()).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(T0.plusSeconds(60)));

        pulses(5, 2);
        scheduler.advance(Duration.ofSeconds(60).minusMillis(40));
        assertThat(value("rain")).isCloseTo(0.4, within(1e-9));
        assertThat(value("rain.total")).isCloseTo(1.0, within(1e-9));
        assertThat(pin.total()).isEqualTo(5);
        pin.close();
    }

    @Test
    void countsABouncingPulseOnce() throws IOException {
        CounterPin pin = start(rainGauge().with("debounce_ms", 5));

        platform.simulateInput(5, true);
        scheduler.advance(Duration.ofMillis(1));
        platform.simulateInput(5, false);
        scheduler.advance(Duration.ofMillis(1));
        platform.simulateInput(5, true);
        scheduler.advance(Duration.ofMillis(50));
        platform.simulateInput(5, false);
        scheduler.advance(Duration.ofMillis(50));

        assertThat(pin.total()).isEqualTo(1);
        pin.close();
    }

    @Test
    void theTotalSurvivesARestart() throws IOException {
        CounterPin first = start(rainGauge());
        pulses(5, 7);
        scheduler.advance(Duration.ofSeconds(60));
        pulses(5, 2);
        first.close();

        CounterPin second = start(rainGauge());
        assertThat(second.total()).isEqualTo(9);
        pulses(5, 1);
        scheduler.advance(Duration.ofSeconds(60));

        assertThat(value("rain.total")).isCloseTo(10 * 0.2, within(1e-9));
        // the partial window saved at close was sent at the restart: the windows add up to the total
        double windowSum = sink.readings().stream().filter(r -> r.channel().equals("rain"))
                .mapToDouble(r -> ((ReadingValue.NumberValue) r.value()).value()).sum();
        assertThat(windowSum).isCloseTo(10 * 0.2, within(1e-9));
        second.close();
    }

    @Test
    void aWindowInFlightAtACrashIsSentAgainWithTheSameIds() throws IOException {
        start(rainGauge());
        pulses(5, 4);
        sink.hold(true);
        scheduler.advance(Duration.ofSeconds(60));
        List<String> firstIds = sink.attempted().stream().map(Reading::id).toList();
        assertThat(firstIds).hasSize(3);
        // crash: the pin is never closed, ingest never answered

        sink.hold(false);
        CounterPin restarted = start(rainGauge());

        assertThat(sink.readings()).extracting(Reading::id).containsExactlyElementsOf(firstIds);
        assertThat(restarted.total()).isEqualTo(4);
        restarted.close();
    }

    @Test
    void aRefusedWindowIsRetriedWithTheSameIdsAndForgottenOnceDurable() throws IOException {
        CounterPin pin = start(rainGauge());
        pulses(5, 2);
        sink.refuse(true);
        scheduler.advance(Duration.ofSeconds(60));
        List<String> refusedIds = sink.attempted().stream().map(Reading::id).toList();
        assertThat(sink.readings()).isEmpty();

        sink.refuse(false);
        scheduler.advance(Duration.ofSeconds(60));

        assertThat(sink.readings()).hasSize(6);
        assertThat(sink.readings().subList(0, 3)).extracting(Reading::id).containsExactlyElementsOf(refusedIds);
        pin.close();
        assertThat(new CounterStore(dir.resolve("rain.state")).load().orElseThrow().unacknowledged()).isEmpty();
    }

    @Test
    void emptyWindowsAreDistinctReadings() throws IOException {
        CounterPin pin = start(rainGauge());

        scheduler.advance(Duration.ofSeconds(120));

        assertThat(sink.readings()).hasSize(6).extracting(Reading::id).doesNotHaveDuplicates();
        assertThat(value("rain.rate")).isZero();
        pin.close();
    }

    @Test
    void anUnreadableStateFileFailsTheStartInsteadOfResettingTheMeter() throws IOException {
        Files.writeString(dir.resolve("rain.state"), "total 12\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> start(rainGauge())).isInstanceOf(IOException.class)
                .hasMessageContaining("rain.state").hasMessageContaining("not a GPIO counter state file");
    }
}
