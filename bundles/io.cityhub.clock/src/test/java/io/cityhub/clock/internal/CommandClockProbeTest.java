package io.cityhub.clock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandClockProbeTest {

    @Test
    void timedatectlYesAndNo() {
        assertThat(CommandClockProbe.parseTimedatectl("yes\n")).isTrue();
        assertThat(CommandClockProbe.parseTimedatectl("no\n")).isFalse();
    }

    @Test
    void timedatectlWithoutAnAnswerIsNoAnswer() {
        assertThat(CommandClockProbe.parseTimedatectl(null)).isNull();
        assertThat(CommandClockProbe.parseTimedatectl("")).isNull();
        assertThat(CommandClockProbe.parseTimedatectl("Failed to connect to bus")).isNull();
    }

    @Test
    void chronyLeapStatusNormalIsSynchronised() {
        String tracking = "Reference ID    : C0A80101 (gw)\nStratum         : 3\n"
                + "Leap status     : Normal\n";
        assertThat(CommandClockProbe.parseChronyTracking(tracking)).isTrue();
    }

    @Test
    void chronyNotSynchronised() {
        String tracking = "Reference ID    : 00000000 ()\nStratum         : 0\n"
                + "Leap status     : Not synchronised\n";
        assertThat(CommandClockProbe.parseChronyTracking(tracking)).isFalse();
    }

    @Test
    void chronyOutputWithoutLeapStatusIsNoAnswer() {
        assertThat(CommandClockProbe.parseChronyTracking("506 Cannot talk to daemon\n")).isNull();
        assertThat(CommandClockProbe.parseChronyTracking(null)).isNull();
    }
}
