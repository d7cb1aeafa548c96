package io.cityhub.forward.mqtt.internal.link;

import java.util.random.RandomGenerator;

/**
 * Exponential reconnect backoff with "equal jitter": the n-th delay is drawn from [d/2, d] with
 * d = min(max, min * 2^n). Jitter keeps a fleet of gateways from reconnecting in lockstep after a broker outage.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(long minMillis, long maxMillis, RandomGenerator random) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** @return the delay before the next attempt; each call doubles the ceiling until {@code max} */
    synchronized long nextDelayMillis() {
        long ceiling = attempt >= 62 ? maxMillis : Math.min(maxMillis, minMillis << Math.min(attempt, 40));
        if (ceiling < 0) {
            ceiling = maxMillis;
        }
        attempt++;
        long half = ceiling / 2;
        return half + (ceiling - half == 0 ? 0 : random.nextLong(ceiling - half + 1));
    }

    synchronized void reset() {
        attempt = 0;
    }
}
