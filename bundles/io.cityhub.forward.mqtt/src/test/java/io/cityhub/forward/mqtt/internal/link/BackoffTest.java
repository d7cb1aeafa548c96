package io.cityhub.forward.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterUpToTheCeilingAndResetAfterSuccess() {
        Backoff backoff = new Backoff(100, 3_000, new SplittableRandom(7));
        long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000, 3000};
        for (long ceiling : ceilings) {
            assertThat(backoff.nextDelayMillis()).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
    }

    @Test
    void jitterSpreadsGatewaysApart() {
        long first = new Backoff(1_000, 60_000, new SplittableRandom(1)).nextDelayMillis();
        boolean differs = false;
        for (int seed = 2; seed < 20 && !differs; seed++) {
            differs = new Backoff(1_000, 60_000, new SplittableRandom(seed)).nextDelayMillis() != first;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void neverOverflowsAfterManyAttempts() {
        Backoff backoff = new Backoff(1_000, 60_000, new SplittableRandom(3));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelayMillis()).isBetween(500L, 60_000L);
        }
    }
}
