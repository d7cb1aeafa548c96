package io.cityhub.benchmarks.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Closed-loop single-reading mode: at each level, C CoAP requests outstanding, one reading per request, each next
 * request sent as soon as one is answered (2.04 = durable in the outbox). Measures the round trip (send → answer)
 * p50/p99, acknowledged readings per second, and the outbox's commits (fsyncs) per second from the commit counter
 * the gateway reports in its health message.
 */
final class SingleReadingLevels {

    /** The gateway's health period in this mode: its commit counter, read between messages within a level. */
    static final int HEALTH_SECONDS = 5;

    /** One measured level. */
    record Level(int outstanding, double seconds, double acknowledgedPerSecond, long failed, long refused,
            double p50Millis, double p99Millis, double maxMillis, double commitsPerSecond, double gatewayCpu) {
    }

    private final List<Level> levels = new ArrayList<>();

    /**
     * Measures one level: a 2 s run-in, then {@code seconds} of closed loop.
     *
     * @param cpu starts a CPU measurement of the gateway and returns a function that ends it (% of one core)
     */
    Level measure(LoadGenerator load, Ledger ledger, PlatformSubscriber platform, int phase, int outstanding,
            int seconds, Supplier<DoubleSupplier> cpu)
            throws InterruptedException {
        load.run(phase, 0, outstanding, TimeUnit.SECONDS.toNanos(2));
        LatencyHistogram rtt = new LatencyHistogram();
        long acc0 = ledger.acceptedReadings.sum();
        long failed0 = load.failedPacks.sum();
        long refused0 = load.refusedPacks.sum();
        DoubleSupplier gatewayCpu = cpu.get();
        long t0 = System.nanoTime();
        load.recordRoundTrips(rtt);
        load.run(phase, 0, outstanding, TimeUnit.SECONDS.toNanos(seconds));
        load.recordRoundTrips(null);
        double dt = (System.nanoTime() - t0) / 1e9;
        double cpuPercent = gatewayCpu.getAsDouble();
        PlatformSubscriber.CommitMark[] marks = platform.commitsWithin(t0, System.nanoTime());
        double commitsPerSecond = marks == null ? Double.NaN
                : (marks[1].commits() - marks[0].commits()) / ((marks[1].nanos() - marks[0].nanos()) / 1e9);
        Level level = new Level(outstanding, dt, (ledger.acceptedReadings.sum() - acc0) / dt,
                load.failedPacks.sum() - failed0, load.refusedPacks.sum() - refused0, rtt.quantileMillis(0.50),
                rtt.quantileMillis(0.99), rtt.maxMillis(), commitsPerSecond, cpuPercent);
        levels.add(level);
        return level;
    }

    boolean isEmpty() {
        return levels.isEmpty();
    }

    void print(PrintStream out) {
        out.println();
        out.println("closed loop, one reading per CoAP request (2.04 only once durable); round trip = send -> 2.04");
        String header = String.format(Locale.ROOT, "%11s %12s %8s %8s %8s %10s %10s %6s %6s %7s", "outstanding",
                "acked/s", "p50 ms", "p99 ms", "max ms", "commits/s", "reads/cmt", "failed", "refusd", "gw CPU%");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Level l : levels) {
            out.printf(Locale.ROOT, "%11d %,12.0f %8.2f %8.2f %8.1f %,10.0f %10.1f %6d %6d %7.0f%n", l.outstanding(),
                    l.acknowledgedPerSecond(), l.p50Millis(), l.p99Millis(), l.maxMillis(), l.commitsPerSecond(),
                    l.acknowledgedPerSecond() / l.commitsPerSecond(), l.failed(), l.refused(), l.gatewayCpu());
        }
        out.println(
                "commits/s: the outbox's commit counter (one fdatasync of its journal each; checkpoints, about one a"
                    + " second, not counted) between the first and the last of the gateway's health messages"
                    + " (status.interval.seconds=" + HEALTH_SECONDS + ") that arrived within the level");
    }
}
