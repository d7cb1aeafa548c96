package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a Raspberry Pi with {@link LoopbackWire#OUT} wired to {@link LoopbackWire#IN}: the libgpiod provider seen
 * through cityhub's pins. Figures are logged, never asserted.
 */
@Tag("hardware")
class GpioLoopbackHardwareTest {

    private static final Logger LOG = LoggerFactory.getLogger(GpioLoopbackHardwareTest.class);

    @TempDir
    Path dataRoot;

    private GpioPlatform platform;
    private DigitalOutput out;
    private final TimedSink sink = new TimedSink();

    @BeforeEach
    void openLines() {
        LoopbackWire.assumeGpioChip();
        platform = new GpioPlatform(GpioPlatform.Provider.GPIOD);
        out = platform.openOutput(LoopbackWire.OUT, "hardware-test", false);
    }

    @AfterEach
    void close() {
        if (platform != null) {
            platform.close();
        }
    }

    private GpioPin pin(PinConfigs configs) {
        return new GpioPin(configs.options(), "hardware-test-in", platform, sink,
                new ReadingStamper(null, Clock.systemUTC()), () -> dataRoot, null);
    }

    private static PinConfigs input() {
        return PinConfigs.input(LoopbackWire.IN).with("pull", "down").with("active_level", "high")
                .with("heartbeat_seconds", 0);
    }

    @Test
    void everyToggleBecomesAChangeReading() {
        GpioPin in = pin(input().with("debounce_ms", 0));
        int toggles = 200;
        long[] latency = new long[toggles];
        for (int i = 0; i < toggles; i++) {
            int expected = i + 1;
            long start = System.nanoTime();
            out.state(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW);
            await().atMost(Duration.ofSeconds(2)).until(() -> sink.changes().size() >= expected);
            latency[i] = sink.changes().get(i).nanos() - start;
        }
        in.deactivate();

        assertThat(sink.changes()).hasSize(toggles);
        Arrays.sort(latency);
        LOG.info("toggle-to-reading latency over {} toggles: p50 {} us, p99 {} us, max {} us", toggles,
                latency[toggles / 2] / 1000, latency[toggles * 99 / 100] / 1000, latency[toggles - 1] / 1000);
    }

    @Test
    void aBurstShorterThanTheDebounceIsOneChange() {
        GpioPin in = pin(input().with("debounce_ms", 20));
        for (int i = 0; i < 5; i++) { // bounce: 2 ms high, 2 ms low, then high for good
            out.state(DigitalState.HIGH);
            LockSupport.parkNanos(2_000_000);
            out.state(DigitalState.LOW);
            LockSupport.parkNanos(2_000_000);
        }
        out.state(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(2)).until(() -> sink.changes().size() == 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> sink.changes().size() == 1);
        in.deactivate();
    }

    @Test
    void countsEveryPulseAt100Hz() {
        countsEveryPulse(100, 1000);
    }

    @Test
    void countsEveryPulseAt1kHz() {
        countsEveryPulse(1000, 5000);
    }

    private void countsEveryPulse(int hertz, int pulses) {
        GpioPin counter = pin(PinConfigs.counter(LoopbackWire.IN).with("pull", "down").with("active_level", "high")
                .with("debounce_ms", 0).with("window_seconds", 3600));
        CounterPin pin = (CounterPin) counter.role();
        long half = 1_000_000_000L / hertz / 2;
        long next = System.nanoTime();
        for (int i = 0; i < pulses; i++) {
            out.state(DigitalState.HIGH);
            next += half;
            LockSupport.parkNanos(next - System.nanoTime());
            out.state(DigitalState.LOW);
            next += half;
            LockSupport.parkNanos(next - System.nanoTime());
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> pin.total() >= pulses);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> pin.total() == pulses);
        counter.deactivate();
        LOG.info("{} pulses at {} Hz: counted {}", pulses, hertz, pin.total());
    }
}
