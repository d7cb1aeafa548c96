package io.cityhub.clock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.ClockQuality;
import io.cityhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemClockStateTest {

    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<ProbeResult> system = new AtomicReference<>(ProbeResult.NONE);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private SystemClockState state;

    @AfterEach
    void stop() {
        if (state != null) {
            state.deactivate();
        }
    }

    private SystemClockState start(boolean override) {
        // the schedule probes once at once, then not again within a test (one hour): tests call probeOnce()
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        state = new SystemClockState(new ClockOptions(override, Duration.ofHours(1), Duration.ofSeconds(1)),
                timeout -> system::get, clock, clock::monotonicNanos, executor);
        await().atMost(Duration.ofSeconds(5)).until(() -> !state.health().get("lastProbe").equals("never"));
        state.onChange((quality, at) -> events.add(quality + "@" + at));
        return state;
    }

    @Test
    void withoutAnyToolTheOverrideDecides() {
        assertThat(start(true).quality()).isEqualTo(ClockQuality.SYNCHRONISED);
        assertThat(state.health()).containsEntry("source", "override");
    }

    @Test
    void aToolAnswerWinsOverTheOverride() {
        system.set(new ProbeResult("chronyc", false));
        start(true);

        state.probeOnce();

        assertThat(state.quality()).isEqualTo(ClockQuality.UNSYNCHRONISED);
        assertThat(state.health()).containsEntry("source", "chronyc");
    }

    @Test
    void synchronisationAndItsLossAreEachReportedOnceWithTheTimeOfTheChange() {
        start(false);

        clock.advance(Duration.ofSeconds(30));
        system.set(new ProbeResult("timedatectl", true));
        state.probeOnce();
        state.probeOnce();
        clock.advance(Duration.ofSeconds(30));
        system.set(new ProbeResult("timedatectl", false));
        state.probeOnce();

        assertThat(events).containsExactly("SYNCHRONISED@2026-11-30T12:00:30Z",
                "UNSYNCHRONISED@2026-11-30T12:01:00Z");
        assertThat(state.health()).containsEntry("changes", 2L).containsEntry("quality", "UNSYNCHRONISED")
                .containsEntry("since", "2026-11-30T12:01:00Z");
    }

    @Test
    void aClosedListenerHearsNothingMore() throws Exception {
        start(false);
        List<ClockQuality> heard = new CopyOnWriteArrayList<>();
        AutoCloseable handle = state.onChange((quality, at) -> heard.add(quality));

        system.set(new ProbeResult("timedatectl", true));
        state.probeOnce();
        handle.close();
        system.set(new ProbeResult("timedatectl", false));
        state.probeOnce();

        assertThat(heard).containsExactly(ClockQuality.SYNCHRONISED);
    }

    @Test
    void aFailingListenerDoesNotKeepOthersFromHearing() {
        List<ClockQuality> heard = new CopyOnWriteArrayList<>();
        start(false);
        state.onChange((quality, at) -> {
            throw new IllegalStateException("listener bug");
        });
        state.onChange((quality, at) -> heard.add(quality));

        system.set(new ProbeResult("timedatectl", true));
        state.probeOnce();

        assertThat(heard).containsExactly(ClockQuality.SYNCHRONISED);
    }

    @Test
    void whenTheToolStopsAnsweringTheOverrideTakesOver() {
        system.set(new ProbeResult("timedatectl", true));
        start(false);
        assertThat(state.quality()).isEqualTo(ClockQuality.SYNCHRONISED);

        system.set(ProbeResult.NONE);
        state.probeOnce();

        assertThat(state.quality()).isEqualTo(ClockQuality.UNSYNCHRONISED);
        assertThat(state.health()).containsEntry("source", "override");
    }

    @Test
    void aModifiedOverrideAppliesWithoutRestart() {
        start(false);

        state.modified(new TestClockConfig(true, 30, 2000));

        await().atMost(Duration.ofSeconds(5)).until(() -> state.quality() == ClockQuality.SYNCHRONISED);
        assertThat(events).containsExactly("SYNCHRONISED@2026-11-30T12:00:00Z");
    }

    @Test
    void anInvalidModificationIsRejectedAndTheOldOptionsStay() {
        start(false);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> state.modified(new TestClockConfig(true, 0, 2000)))
                .hasMessageContaining("'probe.interval.seconds' has invalid value '0'");
        assertThat(state.health()).containsEntry("overrideSynchronised", false)
                .containsEntry("probeIntervalSeconds", 3600L);
    }

    @Test
    void aForwardStepIsNoticedAtTheNextStampAndTheQualityWaitsForTheNextProbe() {
        system.set(new ProbeResult("timedatectl", true));
        start(false);
        assertThat(state.quality()).isEqualTo(ClockQuality.SYNCHRONISED);
        system.set(new ProbeResult("timedatectl", false)); // set by hand: the kernel drops its synchronised flag

        clock.step(Duration.ofDays(2));
        Instant stamped = state.now();

        assertThat(stamped).isEqualTo(START.plus(Duration.ofDays(2)));
        assertThat(state.quality()).as("quality right after the step").isEqualTo(ClockQuality.UNSYNCHRONISED);
        assertThat(state.health()).containsEntry("steps", 1L).containsEntry("lastStep", "PT48H")
                .containsEntry("lastStepAt", "2026-12-02T12:00:00Z");
        await().atMost(Duration.ofSeconds(5)).until(() -> "timedatectl".equals(state.health().get("source")));
        assertThat(events).contains("UNSYNCHRONISED@2026-12-02T12:00:00Z");
        assertThat(state.quality()).isEqualTo(ClockQuality.UNSYNCHRONISED);
    }

    @Test
    void aStepByNtpIsConfirmedSynchronisedByTheProbeItTriggers() {
        system.set(new ProbeResult("timedatectl", true));
        start(false);

        clock.step(Duration.ofHours(-1));
        state.now();

        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("SYNCHRONISED@2026-11-30T11:00:00Z"));
        // (the start's own change to SYNCHRONISED may or may not come before: the listener is added after it)
        assertThat(events).endsWith("UNSYNCHRONISED@2026-11-30T11:00:00Z", "SYNCHRONISED@2026-11-30T11:00:00Z");
        assertThat(state.quality()).isEqualTo(ClockQuality.SYNCHRONISED);
        assertThat(state.health()).containsEntry("steps", 1L).containsEntry("lastStep", "PT-1H");
    }

    @Test
    void aStepWhileNothingIsStampedIsNoticedByTheProbe() {
        start(false);

        clock.step(Duration.ofMinutes(-10));
        state.probeOnce();

        assertThat(state.health()).containsEntry("steps", 1L).containsEntry("lastStep", "PT-10M");
        assertThat(events).as("an unsynchronised clock stays so: no change to report").isEmpty();
    }

    @Test
    void timePassingAndSlewingAreNoSteps() {
        system.set(new ProbeResult("timedatectl", true));
        start(false);

        clock.advance(Duration.ofMinutes(30));
        state.now();
        clock.step(Duration.ofMillis(900)); // below the tolerance
        state.now();
        clock.advance(Duration.ofHours(1));
        clock.step(Duration.ofMillis(1_500)); // within a second plus one per mille of an hour
        state.probeOnce();

        assertThat(state.health()).containsEntry("steps", 0L).containsEntry("lastStep", "none");
        assertThat(state.quality()).isEqualTo(ClockQuality.SYNCHRONISED);
        clock.step(Duration.ofMillis(1_100)); // right after the last look: a step
        state.now();
        assertThat(state.health()).containsEntry("steps", 1L);
    }

    @Test
    void theRealProbeOnThisMachineAnswersWithinItsTimeout() throws InterruptedException {
        ProbeResult result = new CommandClockProbe(Duration.ofSeconds(5)).probe();

        assertThat(result.source()).isIn("timedatectl", "chronyc", "none");
        assertThat(result.answered()).isEqualTo(!result.source().equals("none"));
    }
}
