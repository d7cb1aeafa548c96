package io.cityhub.clock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClockOptionsTest {

    @Test
    void intervalBelowTheBoundIsRejectedNamingPidAttributeAndValue() {
        assertThatThrownBy(() -> ClockOptions.from(new TestClockConfig(false, 0, 2000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.cityhub.clock: attribute 'probe.interval.seconds' has invalid value '0'; expected an"
                        + " integer from 1 to 3600");
    }

    @Test
    void timeoutAboveTheBoundIsRejected() {
        assertThatThrownBy(() -> ClockOptions.from(new TestClockConfig(false, 30, 30_001)))
                .hasMessage("io.cityhub.clock: attribute 'probe.timeout.millis' has invalid value '30001'; expected an"
                        + " integer from 100 to 30000");
    }

    @Test
    void boundsThemselvesAreAccepted() {
        ClockOptions low = ClockOptions.from(new TestClockConfig(true, 1, 100));
        ClockOptions high = ClockOptions.from(new TestClockConfig(false, 3600, 30_000));

        assertThat(low).isEqualTo(new ClockOptions(true, Duration.ofSeconds(1), Duration.ofMillis(100)));
        assertThat(high.probeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(high.probeTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
