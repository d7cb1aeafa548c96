package io.cityhub.filter.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Per channel: readings in, readings out (aggregates included), and what happened to them. Never blocks. */
final class ChannelCounters {

    private static final ChannelChain.Outcome[] OUTCOMES = ChannelChain.Outcome.values();
    private static final int IN = OUTCOMES.length;
    private static final int OUT = IN + 1;

    private final AtomicLongArray counts = new AtomicLongArray(OUTCOMES.length + 2);

    void count(ChannelChain.Outcome outcome, int emitted) {
        counts.incrementAndGet(IN);
        counts.incrementAndGet(outcome.ordinal());
        if (emitted > 0) {
            counts.addAndGet(OUT, emitted);
        }
    }

    long in() {
        return counts.get(IN);
    }

    long out() {
        return counts.get(OUT);
    }

    long of(ChannelChain.Outcome outcome) {
        return counts.get(outcome.ordinal());
    }

    /** Adds {@code <prefix>.in}, {@code .out} and one entry per outcome seen, e.g. {@code .dropped.deadband}. */
    void report(String prefix, Map<String, Object> health) {
        health.put(prefix + ".in", in());
        health.put(prefix + ".out", out());
        for (ChannelChain.Outcome o : OUTCOMES) {
            long n = of(o);
            if (n > 0 && o != ChannelChain.Outcome.PASSED) {
                health.put(prefix + "." + name(o), n);
            }
        }
    }

    /** @return e.g. {@code dropped.deadband}, {@code aggregated}, {@code flagged} */
    static String name(ChannelChain.Outcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
