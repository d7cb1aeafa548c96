package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpioPinOptionsTest {

    @Test
    void defaultsMakeADebouncedActiveLowInputWithAHeartbeat() {
        GpioPinOptions options = PinConfigs.input(17).options();

        assertThat(options.role()).isEqualTo(PinRole.INPUT);
        assertThat(options.channel()).isEqualTo("state");
        assertThat(options.pull()).isEqualTo(GpioPinOptions.Pull.UP);
        assertThat(options.activeHigh()).isFalse();
        assertThat(options.debounce()).isEqualTo(Duration.ofMillis(20));
        assertThat(options.heartbeat()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.stateDir()).isEqualTo(Path.of("gpio-counters"));
        assertThat(options.feedbackBcm()).isEqualTo(-1);
        assertThat(PinConfigs.counter(5).options().channel()).isEqualTo("count");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bcm|28|bcm|28|a BCM number from 0 to 27",
        "bcm|-1|bcm|-1|a BCM number from 0 to 27",
        "role|relay|role|relay|one of input, counter, output",
        "sensor_id||sensor.id|null|1 to 64 letters, digits, '.', '_' or '-'",
        "sensor_id|door 1|sensor.id|door 1|1 to 64 letters, digits, '.', '_' or '-'",
        "channel|a/b|channel|a/b|empty, or 1 to 64 letters, digits, '.', '_' or '-'",
        "unit|m m|unit|m m|empty, or a SenML unit symbol of up to 16 characters such as mm or m3",
        "scale|0.0|scale|0.0|a number from 1.0E-6 to 1000000.0",
        "scale|NaN|scale|NaN|a number from 1.0E-6 to 1000000.0",
        "pull|sideways|pull|sideways|one of up, down, none",
        "active_level|1|active.level|1|one of low, high",
        "debounce_ms|10001|debounce.ms|10001|milliseconds from 0 to 10000",
        "heartbeat_seconds|-1|heartbeat.seconds|-1|seconds from 0 to 86400",
        "window_seconds|0|window.seconds|0|seconds from 1 to 86400",
        "safe_state|maybe|safe.state|maybe|one of off, on",
        "feedback_bcm|-2|feedback.bcm|-2|-1 for none, or a BCM number from 0 to 27",
        "feedback_bcm|17|feedback.bcm|17|a pin other than the output's own BCM 17",
        "feedback_settle_ms|0|feedback.settle.ms|0|milliseconds from 1 to 60000",
    })
    void rejectsABadAttributeNamingPidAttributeValueAndWhatIsAllowed(String method, String raw, String attribute,
            String shown, String expected) throws Exception {
        Class<?> type = GpioPinConfig.class.getMethod(method).getReturnType();
        Object value = raw == null ? null
                : type == int.class ? Integer.valueOf(raw) : type == double.class ? Double.valueOf(raw) : raw;

        assertThatThrownBy(() -> PinConfigs.input(17).with(method, value).options())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.cityhub.sensor.gpio.GpioPin: attribute '%s' has invalid value '%s'; expected %s",
                        attribute, shown, expected);
    }
}
