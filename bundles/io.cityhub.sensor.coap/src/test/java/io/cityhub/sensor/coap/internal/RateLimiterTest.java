package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void refusesBeyondTheBurstAndSaysWhenATokenIsBack() {
        assertThat(limiter.acquire("a", 6, 2)).isZero();
        assertThat(limiter.acquire("a", 6, 2)).isZero();

        // 6 a minute: one token every 10 s
        assertThat(limiter.acquire("a", 6, 2)).isEqualTo(10);
        advanceMillis(9_500);
        assertThat(limiter.acquire("a", 6, 2)).isEqualTo(1);
        advanceMillis(500);
        assertThat(limiter.acquire("a", 6, 2)).isZero();
        assertThat(limiter.acquire("a", 6, 2)).isEqualTo(10);
    }

    @Test
    void eachSenderHasItsOwnBucket() {
        assertThat(limiter.acquire("a", 60, 1)).isZero();
        assertThat(limiter.acquire("a", 60, 1)).isEqualTo(1);

        assertThat(limiter.acquire("b", 60, 1)).isZero();
    }

    @Test
    void aLongPauseRefillsOnlyUpToTheBurst() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", 60_000, 3)).isZero();
        }
        advanceMillis(3_600_000);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", 1, 3)).as("token %d", i).isZero();
        }
        assertThat(limiter.acquire("a", 1, 3)).isEqualTo(60);
    }
}
