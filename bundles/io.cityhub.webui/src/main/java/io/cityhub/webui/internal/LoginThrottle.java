package io.cityhub.webui.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rate-limits login attempts per client address: {@value #FREE_FAILURES} failures are free, then each further
 * failure locks the address out for twice as long as the one before, from {@link #FIRST_LOCK} up to
 * {@link #MAX_LOCK}. A success forgets the address. Bounded: at most {@value #MAX_ADDRESSES} addresses are
 * remembered, the least recently seen forgotten first.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 1024;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param address the client's address
     * @return how long the address must still wait before it may try again, empty if it may try now
     */
    synchronized Optional<Duration> blockedFor(String address) {
        Failures entry = failures.get(address);
        if (entry == null || entry.lockedUntil == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), entry.lockedUntil);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** @param address the client whose attempt failed */
    synchronized void failed(String address) {
        Failures entry = failures.computeIfAbsent(address, a -> new Failures());
        entry.count++;
        if (entry.count > FREE_FAILURES) {
            int doublings = Math.min(entry.count - FREE_FAILURES - 1, 20);
            Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
            entry.lockedUntil = clock.instant().plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
        }
    }

    /** @param address the client that logged in */
    synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private static final class Failures {
        private int count;
        private Instant lockedUntil;
    }
}
