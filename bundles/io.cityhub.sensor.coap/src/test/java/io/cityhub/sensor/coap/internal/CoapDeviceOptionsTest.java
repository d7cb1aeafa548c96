package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoapDeviceOptionsTest {

    private static final String PREFIX = CoapDevice.PID + ": attribute '";

    private static CoapDeviceOptions from(String sensorId, String identity, String psk, int interval) {
        return CoapDeviceOptions.from(new TestDevices.Config(sensorId, identity, psk, "", "", "", interval),
                TestDevices.CRYPTO);
    }

    @Test
    void rejectsSensorIdsThatCannotBeATopicLevel() {
        for (String bad : new String[] {"", " ", "a/b", "a+b", "x".repeat(65), "dev 1"}) {
            assertThatThrownBy(() -> from(bad, "", "", 0)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(PREFIX + "sensor.id' has invalid value '" + bad.trim() + "'; expected");
        }
    }

    @Test
    void aKeyNeedsAnIdentityAndAnIdentityNeedsAKeyOfSaneLength() {
        assertThatThrownBy(() -> from("m-1", "", "enc:0123456789", 0)).hasMessage(PREFIX
                + "identity' has invalid value ''; expected the DTLS identity that goes with the pre-shared key");
        assertThatThrownBy(() -> from("m-1", "serial-1", "", 0))
                .hasMessageStartingWith(PREFIX + "psk' has invalid value '********'; expected 8 to 64 bytes");
        assertThatThrownBy(() -> from("m-1", "serial-1", "enc:1234567", 0))
                .hasMessageStartingWith(PREFIX + "psk' has invalid value '********'");
        assertThatThrownBy(() -> from("m-1", "serial-1", "enc:" + "k".repeat(65), 0))
                .hasMessageStartingWith(PREFIX + "psk' has invalid value '********'");
        assertThatCode(() -> from("m-1", "serial-1", "enc:12345678", 0)).doesNotThrowAnyException();
        assertThatCode(() -> from("m-1", "serial-1", "enc:" + "k".repeat(64), 0)).doesNotThrowAnyException();
    }

    @Test
    void aKeyThatDoesNotDecryptIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> from("m-1", "serial-1", "plain-secret-key", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PREFIX + "psk' has invalid value '********'; expected a value encrypted")
                .hasMessageNotContaining("plain-secret-key");
    }

    @Test
    void neverShowsTheKey() {
        CoapDeviceOptions device = from("m-1", "serial-1", "enc:top-secret-key", 60);

        assertThat(device.toString()).contains("m-1", "serial-1", "60 s").doesNotContain("top-secret-key");
        assertThat(new String(device.psk(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("top-secret-key");
        assertThat(device.reportingInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void takesExactlyTheIntervalBoundsTheMetatypeDeclares() {
        int min = CoapDeviceOptions.MIN_INTERVAL_SECONDS;
        int max = CoapDeviceOptions.MAX_INTERVAL_SECONDS;
        assertThatCode(() -> from("m-1", "", "", min)).doesNotThrowAnyException();
        assertThatCode(() -> from("m-1", "", "", max)).doesNotThrowAnyException();
        for (int bad : new int[] {min - 1, max + 1}) {
            assertThatThrownBy(() -> from("m-1", "", "", bad)).hasMessage(PREFIX + "reporting.interval.seconds'"
                    + " has invalid value '" + bad + "'; expected an integer from " + min + " to " + max);
        }
    }

    @Test
    void aSecondDeviceWithATakenSensorIdOrIdentityIsRefused() {
        DeviceDirectory directory = new DeviceDirectory();
        directory.add(from("m-1", "serial-1", "enc:12345678", 0));

        assertThatThrownBy(() -> directory.add(from("m-1", "serial-2", "enc:12345678", 0)))
                .hasMessageStartingWith(PREFIX + "sensor.id' has invalid value 'm-1'");
        assertThatThrownBy(() -> directory.add(from("m-2", "serial-1", "enc:12345678", 0)))
                .hasMessageStartingWith(PREFIX + "identity' has invalid value 'serial-1'");
        assertThat(directory.bySensor("m-2")).isEmpty();
        assertThat(directory.byIdentity("serial-1").orElseThrow().sensorId()).isEqualTo("m-1");
    }
}
