package io.cityhub.forward.mqtt.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void reportsZeroBeforeAnySample() {
        assertThat(new LatencyWindow().quantileMillis(0.99)).isZero();
    }

    @Test
    void quantilesCoverOnlyTheMostRecentSamples() {
        LatencyWindow window = new LatencyWindow();
        for (int i = 0; i < LatencyWindow.SIZE; i++) {
            window.record(1_000_000_000L); // old: 1 s each, all overwritten below
        }
        for (int i = 1; i <= LatencyWindow.SIZE; i++) {
            window.record(i * 1_000_000L / 20); // 0.05 ms .. 102.4 ms
        }
        assertThat(window.quantileMillis(0.5)).isEqualTo(51.2);
        assertThat(window.quantileMillis(0.99)).isCloseTo(101.4, org.assertj.core.data.Offset.offset(0.06));
        assertThat(window.quantileMillis(1.0)).isEqualTo(102.4);
    }
}
