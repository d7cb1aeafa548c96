package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The gateway and the peer (Node-RED, {@link NodeRedPeer}) driven by the same {@link LoadGenerator} (same endpoints,
 * same Californium options), counted by the same {@link PlatformSubscriber} and {@link Ledger}, in one run: at each
 * closed-loop single-reading level first the gateway, then the peer (alternating, so machine noise hits both
 * alike), then the same broker outage for each under a paced load. Prints both sides with ratios cityhub/peer and
 * writes a CSV of every phase and a PNG of the levels into the run's work directory.
 */
final class SideBySide implements AutoCloseable {

    static final String GATEWAY = "cityhub";
    static final String PEER = "Node-RED";
    /** Readings/s of the paced outage load unless --outage-rate says otherwise (the peer's earlier outage runs). */
    static final double DEFAULT_OUTAGE_RATE = 500;

    static final String PEER_DOES_NOT = "the peer answers the sensor 2.04 before it publishes, buffers nothing"
            + " durably (its MQTT node drops what arrives while the broker is away), and validates nothing (the"
            + " SenML goes through as it came); cityhub answers only once the readings are durable in its outbox,"
            + " after validating them";

    /** One side of the comparison: where the load goes and which process to watch. */
    record Side(String name, InetSocketAddress address, String fixedPath, LongSupplier pid) {
    }

    /** One measured phase of one side; loss, duplicates and platform latency are filled in by {@link #report}. */
    record Result(String side, String phase, int phaseIndex, int outstanding, double offeredPerSecond,
            double seconds, double ackedPerSecond, double rttP50, double rttP99, double rttMax, long failed,
            long refused, double cpuPercent, long rssKb, long peakRssKb, double commitsPerSecond) {
    }

    private final Options o;
    private final PrintStream out;
    private final LoadGenerator load;
    private final Ledger ledger;
    private final PlatformSubscriber platform;
    private final Mosquitto mosquitto;
    private final ToIntFunction<String> addPhase;
    private final IntFunction<LatencyHistogram> histogram;
    private final Side gateway;
    private final Side peer;
    private final NodeRedPeer nodeRed;
    private final String peerVersion;
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> outageFacts = new LinkedHashMap<>();

    SideBySide(Options o, PrintStream out, LoadGenerator load, Ledger ledger, PlatformSubscriber platform,
            Mosquitto mosquitto, ToIntFunction<String> addPhase, IntFunction<LatencyHistogram> histogram,
            Side gateway, NodeRedPeer nodeRed) {
        this.o = o;
        this.out = out;
        this.load = load;
        this.ledger = ledger;
        this.platform = platform;
        this.mosquitto = mosquitto;
        this.addPhase = addPhase;
        this.histogram = histogram;
        this.gateway = gateway;
        this.nodeRed = nodeRed;
        this.peerVersion = o.peerVersion;
        this.peer = new Side(PEER, new InetSocketAddress(InetAddress.getLoopbackAddress(), nodeRed.coapPort()),
                NodeRedPeer.PATH, nodeRed::pid);
    }

    /** Starts Node-RED and waits until a reading it answered arrived at the platform (bounded). */
    void startPeer() throws IOException, InterruptedException {
        nodeRed.start();
        say("Node-RED %s pid %d, CoAP 0.0.0.0:%d (loopback traffic only), log %s", peerVersion, nodeRed.pid(),
                nodeRed.coapPort(), nodeRed.log());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        load.target(peer.address(), peer.fixedPath());
        try {
            while (true) {
                if (!nodeRed.isAlive()) {
                    throw new IOException("Node-RED exited during start-up; see " + nodeRed.log() + ":\n"
                            + tail(nodeRed.log()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Node-RED did not answer a CoAP POST /" + NodeRedPeer.PATH
                            + " with 2.04 within 60 s; see " + nodeRed.log() + ":\n" + tail(nodeRed.log()));
                }
                if (load.probe(EndToEndBenchmark.READY, 2000) == org.eclipse.californium.core.coap.CoAP.ResponseCode
                        .CHANGED) {
                    long pack = load.packsNumbered() - 1;
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                    while (ledger.arrivals(pack * ledger.readingsPerPack()) == 0 && System.nanoTime() < until) {
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                    if (ledger.arrivals(pack * ledger.readingsPerPack()) > 0) {
                        break; // answered and published: its MQTT connection is up
                    }
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        } finally {
            load.target(gateway.address(), gateway.fixedPath());
        }
        say("Node-RED is up: a reading got 2.04 and arrived at the platform; warm-up %d s closed loop",
                o.warmupSeconds);
        load.target(peer.address(), peer.fixedPath());
        load.run(EndToEndBenchmark.WARMUP, 0, o.window, TimeUnit.SECONDS.toNanos(o.warmupSeconds));
        catchUp(30);
        load.target(gateway.address(), gateway.fixedPath());
    }

    /** Every level for both sides (alternating), then the outage for both. */
    void run() throws IOException, InterruptedException {
        SingleReadingLevels levels = new SingleReadingLevels();
        for (int c : o.singleLevels) {
            for (Side side : List.of(gateway, peer)) {
                level(levels, side, c);
            }
        }
        if (o.outageDownSeconds > 0) {
            double rate = o.outageRate > 0 ? o.outageRate : DEFAULT_OUTAGE_RATE;
            for (Side side : List.of(gateway, peer)) {
                outage(side, rate);
            }
        }
        load.target(gateway.address(), gateway.fixedPath());
    }

    private void level(SingleReadingLevels levels, Side side, int c) throws IOException, InterruptedException {
        alive(side);
        say("%s: closed loop, single reading, %d outstanding, %d s", side.name(), c, o.levelSeconds);
        load.target(side.address(), side.fixedPath());
        int phase = addPhase.applyAsInt(side.name() + " c=" + c);
        long pid = side.pid().getAsLong();
        SingleReadingLevels.Level l = levels.measure(load, ledger, platform, phase, c, o.levelSeconds,
                cpuOf(pid));
        long rss = EndToEndBenchmark.rssKb(pid);
        long peak = peakRssKb(pid);
        results.add(new Result(side.name(), "c=" + c, phase, c, Double.NaN, l.seconds(), l.acknowledgedPerSecond(),
                l.p50Millis(), l.p99Millis(), l.maxMillis(), l.failed(), l.refused(), l.gatewayCpu(), rss, peak,
                side == gateway ? l.commitsPerSecond() : Double.NaN));
        say("  acknowledged %,.0f/s  round trip p50 %.2f ms p99 %.2f ms  failed %d  CPU %.0f%%  RSS %d MiB"
                + " (peak %d MiB)", l.acknowledgedPerSecond(), l.p50Millis(), l.p99Millis(), l.failed(),
                l.gatewayCpu(), rss / 1024, peak / 1024);
        if (!catchUp(60)) {
            say("  %s: not every acknowledged reading arrived within 60 s (counted as lost at the end if never)",
                    side.name());
        }
    }

    /** Paced load; broker up, SIGTERM and down, restarted with the load still on; then waits for the backlog. */
    private void outage(Side side, double rate) throws IOException, InterruptedException {
        alive(side);
        say("%s outage: %,.0f readings/s paced; broker up %d s, stopped %d s, up again %d s", side.name(), rate,
                o.outageUpSeconds, o.outageDownSeconds, o.outageUpSeconds);
        load.target(side.address(), side.fixedPath());
        paced(side, "outage: broker up", rate, o.outageUpSeconds);
        long stop = System.nanoTime();
        mosquitto.stop();
        say("  mosquitto stopped (SIGTERM) in %.0f ms", (System.nanoTime() - stop) / 1e6);
        paced(side, "outage: broker down", rate, o.outageDownSeconds);
        mosquitto.start();
        Instant restarted = Instant.now();
        say("  mosquitto restarted (pid %d)", mosquitto.pid());
        long uniqueAtRestart = ledger.uniqueArrivals.sum();
        paced(side, "outage: after restart", rate, o.outageUpSeconds);
        load.awaitAnswers(o.requestTimeoutMillis + 1000);
        // the peer never delivers what it dropped: stop waiting once nothing new arrived for 10 s
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainTimeoutSeconds);
        long last = ledger.uniqueArrivals.sum();
        long lastChange = System.nanoTime();
        while (ledger.uniqueArrivals.sum() < ledger.acceptedReadings.sum() && System.nanoTime() < deadline
                && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(10)) {
            TimeUnit.MILLISECONDS.sleep(50);
            long now = ledger.uniqueArrivals.sum();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        // readings that arrived without a 2.04 (answer timed out) make this a lower bound; the count by phase at the
        // end is exact
        long pending = Math.max(0, ledger.acceptedReadings.sum() - ledger.uniqueArrivals.sum());
        outageFacts.put(side.name(), String.format(Locale.ROOT, "%,d readings arrived after the restart at %s;"
                + " %,d acknowledged readings had not arrived when the wait ended", ledger.uniqueArrivals.sum()
                - uniqueAtRestart, restarted.toString().substring(11, 19), pending));
        say("  %s", outageFacts.get(side.name()));
    }

    private void paced(Side side, String name, double rate, int seconds) throws InterruptedException {
        int phase = addPhase.applyAsInt(side.name() + " " + name);
        long pid = side.pid().getAsLong();
        LatencyHistogram rtt = new LatencyHistogram();
        long acc0 = ledger.acceptedReadings.sum();
        long failed0 = load.failedPacks.sum();
        long refused0 = load.refusedPacks.sum();
        DoubleSupplier cpu = cpuOf(pid).get();
        long t0 = System.nanoTime();
        load.recordRoundTrips(rtt);
        load.run(phase, rate, o.maxOutstanding, TimeUnit.SECONDS.toNanos(seconds));
        load.recordRoundTrips(null);
        double dt = (System.nanoTime() - t0) / 1e9;
        results.add(new Result(side.name(), name, phase, 0, rate, dt, (ledger.acceptedReadings.sum() - acc0) / dt,
                rtt.quantileMillis(0.5), rtt.quantileMillis(0.99), rtt.maxMillis(), load.failedPacks.sum() - failed0,
                load.refusedPacks.sum() - refused0, cpu.getAsDouble(), EndToEndBenchmark.rssKb(pid), peakRssKb(pid),
                Double.NaN));
    }

    private static Supplier<DoubleSupplier> cpuOf(long pid) {
        return () -> {
            double c0 = ProcStats.cpuSeconds(pid);
            long t0 = System.nanoTime();
            return () -> 100 * (ProcStats.cpuSeconds(pid) - c0) / ((System.nanoTime() - t0) / 1e9);
        };
    }

    private void alive(Side side) throws IOException {
        if (side == peer && !nodeRed.isAlive()) {
            throw new IOException("Node-RED is no longer running; see " + nodeRed.log() + ":\n" + tail(nodeRed.log()));
        }
    }

    private boolean catchUp(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        load.awaitAnswers(TimeUnit.SECONDS.toMillis(seconds));
        while (ledger.uniqueArrivals.sum() < ledger.acceptedReadings.sum() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return ledger.uniqueArrivals.sum() >= ledger.acceptedReadings.sum();
    }

    /** @return peak resident set size (VmHWM) of a process in KiB, -1 if unreadable */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Per phase: readings acknowledged, lost (acknowledged, never arrived) and duplicate arrivals. */
    record Tally(long[] accepted, long[] lost, long[] duplicates, long[] failed) {
    }

    static Tally tally(Ledger ledger, long packs, int phases) {
        long[] accepted = new long[phases];
        long[] lost = new long[phases];
        long[] dups = new long[phases];
        long[] failed = new long[phases];
        int k = ledger.readingsPerPack();
        for (long p = 0; p < packs; p++) {
            int phase = ledger.phaseOfPack(p);
            if (phase < 0 || phase >= phases) {
                continue;
            }
            boolean acc = ledger.state(p) == Ledger.ACCEPTED;
            if (ledger.state(p) == Ledger.FAILED) {
                failed[phase]++;
            }
            for (int j = 0; j < k; j++) {
                int n = ledger.arrivals(p * k + j);
                if (acc) {
                    accepted[phase]++;
                    if (n == 0) {
                        lost[phase]++;
                    }
                }
                if (n > 1) {
                    dups[phase] += n - 1;
                }
            }
        }
        return new Tally(accepted, lost, dups, failed);
    }

    /** Prints both sides with ratios, writes the CSV and the PNG into {@code work}. */
    void report(Path work, int phases) throws IOException {
        Tally t = tally(ledger, load.packsNumbered(), phases);
        out.println();
        out.println("side by side: cityhub vs Node-RED " + peerVersion + " + node-red-contrib-coap "
                + NodeRedPeer.COAP_CONTRIB_VERSION + " (coap in POST /" + NodeRedPeer.PATH + " -> function answering"
                + " 2.04 at once -> mqtt out QoS 1), same load generator, broker and platform subscriber");
        out.println("NOTE: " + PEER_DOES_NOT + ".");
        out.println("closed loop, one reading per request, alternating per level; round trip = send -> answer;"
                + " ratio = cityhub / Node-RED; RSS = peak resident set (VmHWM) since start; CPU = % of one core");
        String header = String.format(Locale.ROOT, "%5s | %23s | %23s | %23s | %23s | %23s | %13s | %13s",
                "C", "acked/s", "RTT p50 ms", "RTT p99 ms", "peak RSS MiB", "CPU %", "lost", "failed");
        out.println(header);
        out.println("-".repeat(header.length()));
        List<Integer> levels = o.singleLevels;
        Map<String, double[]> acked = new LinkedHashMap<>();
        Map<String, double[]> p99 = new LinkedHashMap<>();
        acked.put(GATEWAY, new double[levels.size()]);
        acked.put(PEER + " " + peerVersion, new double[levels.size()]);
        p99.put(GATEWAY, new double[levels.size()]);
        p99.put(PEER + " " + peerVersion, new double[levels.size()]);
        for (int i = 0; i < levels.size(); i++) {
            Result g = find(GATEWAY, "c=" + levels.get(i));
            Result n = find(PEER, "c=" + levels.get(i));
            acked.get(GATEWAY)[i] = g == null ? Double.NaN : g.ackedPerSecond();
            acked.get(PEER + " " + peerVersion)[i] = n == null ? Double.NaN : n.ackedPerSecond();
            p99.get(GATEWAY)[i] = g == null ? Double.NaN : g.rttP99();
            p99.get(PEER + " " + peerVersion)[i] = n == null ? Double.NaN : n.rttP99();
            if (g == null || n == null) {
                continue;
            }
            out.printf(Locale.ROOT, "%5d | %s | %s | %s | %s | %s | %6d/%-6d | %6d/%-6d%n", levels.get(i),
                    trio(g.ackedPerSecond(), n.ackedPerSecond(), "%,.0f"), trio(g.rttP50(), n.rttP50(), "%.2f"),
                    trio(g.rttP99(), n.rttP99(), "%.2f"), trio(g.peakRssKb() / 1024.0, n.peakRssKb() / 1024.0,
                            "%,.0f"), trio(g.cpuPercent(), n.cpuPercent(), "%.0f"), t.lost()[g.phaseIndex()],
                    t.lost()[n.phaseIndex()], t.failed()[g.phaseIndex()], t.failed()[n.phaseIndex()]);
        }
        out.println("each cell: cityhub / Node-RED (ratio cityhub/Node-RED); failed = no answer within the request"
                + " timeout (" + o.requestTimeoutMillis / 1000 + " s), counted by the level the request was sent in");
        if (results.stream().anyMatch(r -> r.phase().startsWith("outage"))) {
            out.println();
            out.println("broker outage, paced load, the same for both (lost = answered 2.04 but never arrived at the"
                    + " persistent-session platform subscriber on a broker with persistence)");
            String oh = String.format(Locale.ROOT, "%-9s %-22s %9s %9s %9s %8s %8s %6s %6s", "side", "phase",
                    "offered/s", "acked/s", "acked", "lost", "lost %", "dups", "failed");
            out.println(oh);
            out.println("-".repeat(oh.length()));
            Map<String, long[]> perSide = new LinkedHashMap<>();
            for (Result r : results) {
                if (!r.phase().startsWith("outage")) {
                    continue;
                }
                long acc = t.accepted()[r.phaseIndex()];
                long lost = t.lost()[r.phaseIndex()];
                out.printf(Locale.ROOT, "%-9s %-22s %,9.0f %,9.0f %,9d %,8d %7.1f%% %6d %6d%n", r.side(), r.phase(),
                        r.offeredPerSecond(), r.ackedPerSecond(), acc, lost, acc == 0 ? 0.0 : 100.0 * lost / acc,
                        t.duplicates()[r.phaseIndex()], t.failed()[r.phaseIndex()]);
                long[] s = perSide.computeIfAbsent(r.side(), k -> new long[2]);
                s[0] += acc;
                s[1] += lost;
            }
            perSide.forEach((side, s) -> out.printf(Locale.ROOT, "%-9s whole outage phase: %,d acknowledged, %,d"
                    + " lost (%.1f %%)%n", side, s[0], s[1], s[0] == 0 ? 0.0 : 100.0 * s[1] / s[0]));
            outageFacts.forEach((side, fact) -> out.printf(Locale.ROOT, "%-9s %s%n", side, fact));
        }
        Path csv = work.resolve("side-by-side.csv");
        csv(t).write(csv);
        Path png = work.resolve("side-by-side.png");
        LevelsPlot.write(png, levels, acked, p99, "cityhub vs Node-RED " + peerVersion + ": one reading per CoAP"
                + " request, closed loop, same load generator and broker (" + Instant.now().toString()
                .substring(0, 16) + " UTC)", "Node-RED answers 2.04 before publishing, buffers nothing durably,"
                + " validates nothing; cityhub answers once durable. Machine shared (2 cores): compare within one"
                + " run.");
        out.println();
        out.println("CSV (every phase, both sides): " + csv);
        out.println("plot (acknowledged/s and p99 per level): " + png);
    }

    CsvTable csv(Tally t) {
        CsvTable csv = new CsvTable(List.of("side", "phase", "outstanding", "offered_per_s", "seconds",
                "acknowledged_per_s", "rtt_p50_ms", "rtt_p99_ms", "rtt_max_ms", "to_platform_p50_ms",
                "to_platform_p99_ms", "acknowledged_readings", "lost", "duplicates", "failed", "refused", "cpu_pct",
                "rss_mib", "peak_rss_mib", "commits_per_s"));
        for (Result r : results) {
            LatencyHistogram h = histogram.apply(r.phaseIndex());
            csv.add(r.side(), r.phase(), r.outstanding() == 0 ? null : r.outstanding(), r.offeredPerSecond(),
                    r.seconds(), r.ackedPerSecond(), r.rttP50(), r.rttP99(), r.rttMax(), h.quantileMillis(0.5),
                    h.quantileMillis(0.99), t.accepted()[r.phaseIndex()], t.lost()[r.phaseIndex()],
                    t.duplicates()[r.phaseIndex()], t.failed()[r.phaseIndex()], r.refused(), r.cpuPercent(),
                    r.rssKb() < 0 ? null : r.rssKb() / 1024.0, r.peakRssKb() < 0 ? null : r.peakRssKb() / 1024.0,
                    r.commitsPerSecond());
        }
        return csv;
    }

    private Result find(String side, String phase) {
        return results.stream().filter(r -> r.side().equals(side) && r.phase().equals(phase)).findFirst()
                .orElse(null);
    }

    /** "a / b (ratio)" in a fixed width. */
    static String trio(double a, double b, String format) {
        String ratio = Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
        return String.format(Locale.ROOT, "%8s/%-8s(%4s)", String.format(Locale.ROOT, format, a),
                String.format(Locale.ROOT, format, b), ratio);
    }

    private void say(String format, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = Instant.now().toString().substring(11, 19);
        System.arraycopy(args, 0, all, 1, args.length);
        out.printf(Locale.ROOT, "[%s] " + format + "%n", all);
    }

    @Override
    public void close() throws InterruptedException {
        nodeRed.close();
    }
}
