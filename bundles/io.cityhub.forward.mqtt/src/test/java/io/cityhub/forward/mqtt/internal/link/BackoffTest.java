package io.cityhub.forward.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
    void aFleetReconnectingAfterABrokerOutageArrivesSpreadOut() {
        // 1,000 gateways lose the broker at the same instant; it is back 30 s later. Each retries by its own backoff
        // (seed settings: 1 s to 60 s) until an attempt falls after the 30 s: that attempt is its reconnection.
        int fleet = 1_000;
        long backAt = 30_000;
        int[] perWindow = new int[1_000]; // 100 ms windows from the broker's return
        for (int gateway = 0; gateway < fleet; gateway++) {
            Backoff backoff = new Backoff(1_000, 60_000, new SplittableRandom(1_000L + gateway));
            long at = 0;
            while (at < backAt) {
                at += backoff.nextDelayMillis();
            }
            perWindow[(int) ((at - backAt) / 100)]++;
        }
        int busiest = Arrays.stream(perWindow).max().orElseThrow();
        long windowsUsed = Arrays.stream(perWindow).filter(n -> n > 0).count();
        // lockstep (no jitter) would put all 1,000 into one window
        assertThat(busiest).as("most reconnections in one 100 ms window").isLessThanOrEqualTo(fleet / 20);
        assertThat(windowsUsed).as("100 ms windows the reconnections fall into").isGreaterThan(50);
    }

    @Test
    void neverOverflowsAfterManyAttempts() {
        Backoff backoff = new Backoff(1_000, 60_000, new SplittableRandom(3));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelayMillis()).isBetween(500L, 60_000L);
        }
    }
}
