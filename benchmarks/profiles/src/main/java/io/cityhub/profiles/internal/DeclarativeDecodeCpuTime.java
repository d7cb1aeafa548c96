package io.cityhub.profiles.internal;

import io.cityhub.api.profile.DecodeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Payloads per CPU-second of the one thread decoding: on a machine shared with other work, wall-clock throughput
 * measures the share of a core this thread got, while thread CPU time measures what one core does. Same profiles
 * and payloads as {@link DeclarativeDecodeBenchmark}; per profile 5 warm-up rounds, then 5 measured rounds, each
 * printed. Arguments: payloads per round (default 500,000), then the profiles (default: the benchmark's).
 */
public final class DeclarativeDecodeCpuTime {

    private DeclarativeDecodeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        long perRound = args.length > 0 ? Long.parseLong(args[0]) : 500_000L;
        String[] profiles = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"dragino-lht65", "elsys-ers-co2", "decentlab-dl-ctd10", "decentlab-dl-pm",
                    "cayenne-lpp"};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String profile : profiles) {
            DeclarativeDecodeBenchmark bench = new DeclarativeDecodeBenchmark();
            bench.profile = profile;
            bench.load();
            long readings = 0;
            for (int round = 0; round < 10; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                readings += run(bench, perRound);
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double wallSeconds = (System.nanoTime() - wall0) / 1e9;
                System.out.printf(Locale.ROOT, "%-20s %s round %d: %,.0f payloads per CPU-second of the thread,"
                        + " %,.0f per wall second (%.0f%% of a core)%n", profile, round < 5 ? "warm-up " : "measured",
                        round, perRound / cpuSeconds, perRound / wallSeconds, 100 * cpuSeconds / wallSeconds);
            }
            if (readings == 0) {
                throw new IllegalStateException(profile + " decoded nothing");
            }
        }
    }

    private static long run(DeclarativeDecodeBenchmark bench, long payloads) throws DecodeException {
        long readings = 0;
        for (long i = 0; i < payloads; i++) {
            readings += bench.decode().size();
        }
        return readings;
    }
}
