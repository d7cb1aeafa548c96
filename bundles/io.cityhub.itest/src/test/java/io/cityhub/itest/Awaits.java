package io.cityhub.itest;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/** Bounded waits for asynchronous outcomes (component activation, messages arriving); never sleeps blindly. */
final class Awaits {

    private Awaits() {
    }

    static void until(String what, ThrowingRunnable assertion) {
        until(what, Duration.ofSeconds(20), assertion);
    }

    static void until(String what, Duration timeout, ThrowingRunnable assertion) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion);
    }
}
