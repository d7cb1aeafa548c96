package io.cityhub.filter.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Readings per CPU-second of the one thread running the chains: on a machine shared with other work, wall-clock
 * throughput measures the share of a core this thread got, while thread CPU time measures what one core does. Same
 * chains and readings as {@link FilterChainBenchmark}; 5 warm-up rounds, then 5 measured rounds, each printed.
 */
public final class FilterChainCpuTime {

    private FilterChainCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        long perRound = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        FilterChainBenchmark bench = new FilterChainBenchmark();
        bench.setUp();
        Blackhole hole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String name : new String[] {"channelChain", "channelChainAggregating", "service", "serviceAggregating"}) {
            for (int round = 0; round < 10; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long process0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                long readings = run(bench, name, perRound, hole);
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double processSeconds = (os.getProcessCpuTime() - process0) / 1e9;
                double wallSeconds = (System.nanoTime() - wall0) / 1e9;
                System.out.printf(Locale.ROOT, "%-24s %s round %d: %,.0f readings per CPU-second of the thread,"
                        + " %,.0f per CPU-second of the whole JVM (GC, JIT included), %,.0f per wall second"
                        + " (%.0f%% of a core)%n", name, round < 5 ? "warm-up " : "measured", round,
                        readings / cpuSeconds, readings / processSeconds, readings / wallSeconds,
                        100 * cpuSeconds / wallSeconds);
            }
        }
    }

    private static long run(FilterChainBenchmark bench, String name, long readings, Blackhole hole) {
        switch (name) {
            case "channelChain" -> {
                for (long i = 0; i < readings; i++) {
                    bench.channelChain(hole);
                }
                return readings;
            }
            case "channelChainAggregating" -> {
                for (long i = 0; i < readings; i++) {
                    bench.channelChainAggregating(hole);
                }
                return readings;
            }
            case "serviceAggregating" -> {
                long batches = readings / 100;
                for (long i = 0; i < batches; i++) {
                    bench.serviceAggregating(hole);
                }
                return batches * 100;
            }
            default -> {
                long batches = readings / 100;
                for (long i = 0; i < batches; i++) {
                    bench.service(hole);
                }
                return batches * 100;
            }
        }
    }
}
