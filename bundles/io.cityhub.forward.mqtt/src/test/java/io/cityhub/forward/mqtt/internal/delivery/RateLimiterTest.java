package io.cityhub.forward.mqtt.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void messageCapSpacesMessagesAfterTheOneSecondBurst() {
        RateLimiter limiter = new RateLimiter(10, 0, now::get);
        // one second of allowance: 10 messages go at once, the 11th waits 100 ms
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.reserve(100)).isZero();
        }
        assertThat(limiter.reserve(100)).isEqualTo(100_000_000L);
        assertThat(limiter.reserve(100)).isEqualTo(200_000_000L);
        now.addAndGet(5_000_000_000L); // idle: allowance refills, but never beyond one second
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.reserve(100)).isZero();
        }
        assertThat(limiter.reserve(100)).isPositive();
    }

    @Test
    void byteCapChargesBySize() {
        RateLimiter limiter = new RateLimiter(0, 1000, now::get);
        assertThat(limiter.reserve(1000)).isZero();   // the burst
        assertThat(limiter.reserve(500)).isEqualTo(500_000_000L);
        assertThat(limiter.reserve(2000)).isEqualTo(2_500_000_000L);
    }

    @Test
    void zeroMeansUnlimited() {
        RateLimiter limiter = new RateLimiter(0, 0, now::get);
        assertThat(limiter.unlimited()).isTrue();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.reserve(1_000_000)).isZero();
        }
    }

    @Test
    void newCapsApplyToTheNextReservation() {
        RateLimiter limiter = new RateLimiter(0, 0, now::get);
        assertThat(limiter.reserve(100)).isZero();

        limiter.setRates(2, 0);

        assertThat(limiter.unlimited()).isFalse();
        assertThat(limiter.reserve(100)).isZero(); // within the one-second burst at 2/s
        assertThat(limiter.reserve(100)).isZero();
        assertThat(limiter.reserve(100)).isEqualTo(500_000_000L);

        limiter.setRates(0, 0);
        assertThat(limiter.reserve(100)).isZero();
    }
}
