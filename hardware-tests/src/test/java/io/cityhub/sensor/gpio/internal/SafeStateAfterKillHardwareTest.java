package io.cityhub.sensor.gpio.internal;

import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output switched on by a runtime that is then killed with SIGKILL must end in its safe state (off). No software
 * runs after SIGKILL: the kernel releases the line request, and what the line does then is up to the board (a
 * released line keeps or loses its level by kernel version) and the relay driver's pull resistor. This test checks
 * the whole installation, not cityhub alone; a failure means the relay driver needs a pull to its safe level.
 */
@Tag("hardware")
class SafeStateAfterKillHardwareTest {

    @TempDir
    Path dir;

    /** The runtime stand-in: drives {@link LoopbackWire#OUT} on as a relay output, says so, waits to be killed. */
    public static void main(String[] args) throws IOException {
        GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.GPIOD);
        GpioPin relay = new GpioPin(PinConfigs.output(LoopbackWire.OUT).with("active_level", "high")
                .with("safe_state", "off").options(), "relay", platform, new TimedSink(),
                new ReadingStamper(null, Clock.systemUTC()), () -> Path.of(args[0]), null);
        try {
            ((RelayOutput) relay.role()).set(true);
        } catch (io.cityhub.api.output.OutputException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(Path.of(args[0], "on"), "on");
        while (true) {
            LockSupport.park();
        }
    }

    @Test
    void aKilledRuntimeLeavesTheOutputOff() throws Exception {
        LoopbackWire.assumeGpioChip();
        GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.GPIOD);
        try {
            DigitalInput in = platform.openInput(LoopbackWire.IN, "watcher", "bcm", GpioPinOptions.Pull.DOWN);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process runtime = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    SafeStateAfterKillHardwareTest.class.getName(), dir.toString()).inheritIO().start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("on")));
                await().atMost(Duration.ofSeconds(2)).until(in::isHigh);
            } finally {
                runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(2)).until(in::isLow);
        } finally {
            platform.close();
        }
    }
}
