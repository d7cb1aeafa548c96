package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void locksAnAddressOutAfterTheFreeFailuresForLongerEachTime() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.blockedFor("10.0.0.9")).isEmpty();
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.blockedFor("10.0.0.9")).isEmpty();
        throttle.failed("10.0.0.9");
        assertThat(throttle.blockedFor("10.0.0.9")).contains(LoginThrottle.FIRST_LOCK);

        clock.advance(LoginThrottle.FIRST_LOCK);
        assertThat(throttle.blockedFor("10.0.0.9")).isEmpty();
        throttle.failed("10.0.0.9");
        assertThat(throttle.blockedFor("10.0.0.9")).contains(LoginThrottle.FIRST_LOCK.multipliedBy(2));
    }

    @Test
    void theLockNeverExceedsTheMaximum() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.blockedFor("10.0.0.9")).contains(LoginThrottle.MAX_LOCK);
    }

    @Test
    void otherAddressesAreNotLockedAndASuccessForgets() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.blockedFor("10.0.0.10")).isEmpty();
        throttle.succeeded("10.0.0.9");
        assertThat(throttle.blockedFor("10.0.0.9")).isEmpty();
        throttle.failed("10.0.0.9");
        assertThat(throttle.blockedFor("10.0.0.9")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
    }
}
