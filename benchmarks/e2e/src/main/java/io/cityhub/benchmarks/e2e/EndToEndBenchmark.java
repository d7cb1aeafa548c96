package io.cityhub.benchmarks.e2e;

import io.cityhub.testing.FreePorts;
import io.cityhub.tools.DemoSnapshot;
import io.cityhub.tools.DemoWebUi;
import io.cityhub.tools.GatewayProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * End-to-end benchmark: CoAP sensors → gateway (the exported {@code cityhub.jar} as a child JVM) → local mosquitto →
 * platform subscriber, on one machine. Phases: warm-up, a closed-loop probe (peak), fixed offered rates in steps
 * (sustained rate, latency, RSS), and an outage (broker SIGTERM while the load continues, restart, backlog drain,
 * loss check). Prints one table and exits; see README.md for options and results.
 */
public final class EndToEndBenchmark {

    private static final PrintStream OUT = System.out;
    private static final String COAP_PID = "io.cityhub.sensor.coap.CoapSensorServer";
    private static final String BUFFER_PID = "io.cityhub.buffer.mapdb.MapDbReadingBuffer";
    private static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";

    /** Phase numbers, stored per pack in the ledger. */
    static final int READY = 0;
    static final int WARMUP = 1;
    static final int PROBE = 2;
    static final int OUTAGE_UP = 3;
    static final int OUTAGE_DOWN = 4;
    static final int STEP0 = 5;

    private final Options o;
    // copy-on-write: the side-by-side run adds phases while the platform subscriber reads them
    private final List<LatencyHistogram> histograms = new CopyOnWriteArrayList<>();
    private final List<String> phaseNames = new CopyOnWriteArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final SingleReadingLevels singleLevels = new SingleReadingLevels();
    private long brokerPid = -1;
    /** LoRa beside the CoAP load (--lora-rate); all null without it. */
    private LoraLoad lora;
    private LoraLedger loraLedger;
    private LoraReport loraReport;
    private int loraPort;

    /** One measured phase. */
    record Row(String name, double offered, double sentRate, double acceptedRate, double deliveredRate,
            long backlogAtEnd, long failed, long refused, long rssKb, boolean sustained, Cpu cpu) {
    }

    /** CPU of the three processes over a phase, in % of one core, and the gateway's busiest threads. */
    record Cpu(double gateway, double broker, double harness, double other, String gatewayThreads,
            String harnessThreads, double gatewayWrittenPerSecond) {
    }

    /** Start of a CPU measurement. */
    private final class CpuMark {
        private final long t = System.nanoTime();
        private final double gw;
        private final double broker;
        private final double self = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        private final double machine = ProcStats.machineBusySeconds();
        private final Map<String, Double> threads;
        private final double written;
        private final Map<String, Double> selfThreads = ProcStats.threadCpuSeconds(ProcessHandle.current().pid());
        private final long gwPid;
        private final long brokerPid;

        CpuMark(long gwPid, long brokerPid) {
            this.gwPid = gwPid;
            this.brokerPid = brokerPid;
            this.gw = ProcStats.cpuSeconds(gwPid);
            this.broker = ProcStats.cpuSeconds(brokerPid);
            this.threads = ProcStats.threadCpuSeconds(gwPid);
            this.written = ProcStats.writtenBytes(gwPid);
        }

        Cpu end() {
            double dt = (System.nanoTime() - t) / 1e9;
            double g = 100 * (ProcStats.cpuSeconds(gwPid) - gw) / dt;
            double b = 100 * (ProcStats.cpuSeconds(brokerPid) - broker) / dt;
            double h = 100 * (ProcStats.cpuSeconds(ProcessHandle.current().pid()) - self) / dt;
            double m = 100 * (ProcStats.machineBusySeconds() - machine) / dt;
            return new Cpu(g, b, h, m - g - (Double.isNaN(b) ? 0 : b) - h,
                    ProcStats.top(threads, ProcStats.threadCpuSeconds(gwPid), dt, 8),
                    ProcStats.top(selfThreads, ProcStats.threadCpuSeconds(ProcessHandle.current().pid()), dt, 6),
                    (ProcStats.writtenBytes(gwPid) - written) / dt);
        }
    }

    private EndToEndBenchmark(Options o) {
        this.o = o;
        for (String n : List.of("ready", "warm-up", "probe", "outage: up", "outage: down")) {
            phaseNames.add(n);
            histograms.add(new LatencyHistogram());
        }
        for (double rate : o.steps) {
            phaseNames.add(String.format(Locale.ROOT, "step %,.0f/s", rate));
            histograms.add(new LatencyHistogram());
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link Options#usage()}
     * @throws Exception if a part cannot be started; everything started is stopped first
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.usage());
            System.exit(2);
            return;
        }
        int code = new EndToEndBenchmark(options).run();
        System.exit(code);
    }

    private int run() throws Exception {
        Path work = Files.createTempDirectory("cityhub-e2e-");
        int brokerPort = FreePorts.tcp();
        int coapPort = FreePorts.udp();
        Ledger ledger = new Ledger(o.readingsPerPack);
        Mosquitto mosquitto = new Mosquitto(o.mosquitto, work.resolve("mosquitto"), brokerPort);
        GatewayProcess[] gateway = new GatewayProcess[1];
        NodeRedPeer peer;
        try {
            peer = o.peer ? preparePeer(work, brokerPort) : null;
        } catch (IOException e) {
            OUT.println("BENCHMARK FAILED: " + e.getMessage());
            deleteTree(work); // nothing was started; the npm log stays in the install folder
            return 1;
        }
        Thread hook = new Thread(() -> {
            // Ctrl-C or a crash of the harness: nothing may outlive it
            mosquitto.kill();
            if (peer != null) {
                peer.kill();
            }
            GatewayProcess g = gateway[0];
            if (g != null && g.isAlive()) {
                try {
                    g.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PlatformSubscriber platform = null;
        LoadGenerator load = null;
        SideBySide sideBySide = null;
        long started = System.nanoTime();
        try {
            say("work directory %s (gateway.log, mosquitto/ logs)", work);
            mosquitto.start();
            brokerPid = mosquitto.pid();
            say("mosquitto pid %d on 127.0.0.1:%d", mosquitto.pid(), brokerPort);
            platform = new PlatformSubscriber(brokerPort, o.topicPrefix, ledger, histograms::get);
            if (o.loraRate > 0) {
                loraLedger = new LoraLedger(LoraLoad.CHANNELS);
                loraReport = new LoraReport(loraLedger, phaseNames.size(), o.loraRate);
                platform.lora(loraLedger, loraReport::latency);
                loraPort = FreePorts.udp();
            }
            Path snapshot = work.resolve("snapshot.xml");
            writeSnapshot(snapshot, work, brokerPort, coapPort);
            gateway[0] = GatewayProcess.start(o.jar, work, snapshot, Map.of(), o.gatewayXmx);
            String jvm = "@" + GatewayProcess.jvmOptions(o.jar)
                    + (o.gatewayXmx == null ? " (as shipped)" : " -Xmx" + o.gatewayXmx + " (--gateway-xmx)");
            say("gateway pid %d, CoAP 127.0.0.1:%d, JVM %s, snapshot %s", gateway[0].pid(), coapPort, jvm, snapshot);
            facts.put("gateway JVM", jvm);
            load = new LoadGenerator(new InetSocketAddress(InetAddress.getLoopbackAddress(), coapPort), o.sensors,
                    o.readingsPerPack, ledger, o.clientThreads, o.requestTimeoutMillis);
            awaitReady(gateway[0], load, ledger);
            say("gateway is up: a pack got 2.04 and arrived at the platform (%.1f s after start)",
                    (System.nanoTime() - started) / 1e9);
            if (loraLedger != null) {
                lora = new LoraLoad(new InetSocketAddress(InetAddress.getLoopbackAddress(), loraPort), o.loraDevices,
                        o.loraRate, o.loraConfirmed, loraLedger, loraReport::acks);
                lora.awaitReady(READY, 90_000);
                say("LoRa is up: %d ABP devices on 127.0.0.1:%d, a frame's %d readings arrived; %,.0f frames/s "
                        + "(%.0f %% confirmed) in the steps and the outage", o.loraDevices, loraPort,
                        loraLedger.readingsPerFrame(), o.loraRate, 100 * o.loraConfirmed);
            }

            say("warm-up: closed loop, %d packs outstanding, %d s", o.window, o.warmupSeconds);
            load.run(WARMUP, 0, o.window, TimeUnit.SECONDS.toNanos(o.warmupSeconds));
            catchUp(load, ledger, platform, 60);

            if (peer != null) {
                sideBySide = new SideBySide(o, OUT, load, ledger, platform, mosquitto, this::addPhase,
                        histograms::get, new SideBySide.Side(SideBySide.GATEWAY, new InetSocketAddress(InetAddress
                        .getLoopbackAddress(), coapPort), null, gateway[0]::pid), peer);
                sideBySide.startPeer();
                sideBySide.run();
            }
            if (!o.singleLevels.isEmpty() && peer == null) {
                for (int c : o.singleLevels) {
                    say("closed loop, single reading: %d outstanding, %d s", c, o.levelSeconds);
                    GatewayProcess g = gateway[0];
                    SingleReadingLevels.Level l = singleLevels.measure(load, ledger, platform, PROBE, c,
                            o.levelSeconds, () -> {
                                CpuMark mark = new CpuMark(g.pid(), brokerPid);
                                return () -> mark.end().gateway();
                            });
                    say("  acknowledged %,.0f/s  round trip p50 %.2f ms p99 %.2f ms  commits %,.0f/s  failed %d",
                            l.acknowledgedPerSecond(), l.p50Millis(), l.p99Millis(), l.commitsPerSecond(), l.failed());
                    catchUp(load, ledger, platform, 60);
                }
            }
            if (o.probeSeconds > 0 && o.singleLevels.isEmpty()) {
                say("probe: closed loop, %d packs outstanding, %d s", o.window, o.probeSeconds);
                rows.add(measure("probe (closed loop)", PROBE, Double.NaN, o.probeSeconds, load, ledger,
                        gateway[0]));
                catchUp(load, ledger, platform, 60);
            }

            Row lastSustained = null;
            for (int i = 0; i < o.steps.size() && o.singleLevels.isEmpty(); i++) {
                double rate = o.steps.get(i);
                say("step: %,.0f readings/s offered, %d s", rate, o.stepSeconds);
                Row row = measure(phaseNames.get(STEP0 + i), STEP0 + i, rate, o.stepSeconds, load, ledger,
                        gateway[0]);
                rows.add(row);
                if (row.sustained()) {
                    lastSustained = row;
                }
                if (!catchUp(load, ledger, platform, 60)) {
                    say("the gateway did not catch up within 60 s after this step; skipping higher steps");
                    break;
                }
            }
            if (lastSustained != null) {
                facts.put("sustained", String.format(Locale.ROOT, "%,.0f readings/s delivered at %,.0f offered "
                        + "(highest step with accepted and delivered >= 97%% of offered, no failures, backlog < 1 s)",
                        lastSustained.deliveredRate(), lastSustained.offered()));
                facts.put("gateway RSS at end of that step", lastSustained.rssKb() / 1024 + " MiB");
            } else if (o.singleLevels.isEmpty()) {
                facts.put("sustained", "no step met the criteria");
            }

            if (o.outageDownSeconds > 0 && o.singleLevels.isEmpty()) {
                double rate = o.outageRate > 0 ? o.outageRate
                        : lastSustained != null ? lastSustained.offered() : 5000;
                outage(rate, load, ledger, platform, mosquitto, gateway[0]);
            }
            load.awaitAnswers(o.requestTimeoutMillis + 1000);
            catchUp(load, ledger, platform, 10);
            if (lora != null) {
                lora.awaitAnswers(5000);
            }
            verify(load, ledger, platform);
            printTable(load, ledger, platform, gateway[0], (System.nanoTime() - started) / 1e9);
            writeRamp(work);
            if (sideBySide != null) {
                sideBySide.report(work, phaseNames.size());
            }
            if (lora != null) {
                printLora();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            OUT.println("BENCHMARK FAILED: " + e);
            GatewayProcess g = gateway[0];
            if (g != null) {
                String log = g.logText();
                OUT.println("---- last lines of " + g.log());
                OUT.println(log.substring(Math.max(0, log.length() - 4000)));
            }
            return 1;
        } finally {
            if (load != null) {
                load.close();
            }
            if (peer != null) {
                peer.close();
            }
            if (lora != null) {
                lora.close();
            }
            if (gateway[0] != null) {
                int exit = gateway[0].stop(20);
                say("gateway stopped (exit %d)", exit);
            }
            if (platform != null) {
                platform.close();
            }
            mosquitto.stop();
            if (!o.keep) {
                deleteTree(work.resolve("buffer"));
                deleteTree(work.resolve("mosquitto").resolve("db"));
            }
            say("logs kept in %s", work);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** Installs (or reuses) Node-RED and writes its settings and flow; a clear error if that cannot be done. */
    private NodeRedPeer preparePeer(Path work, int brokerPort) throws IOException, InterruptedException {
        say("--peer: Node-RED %s + node-red-contrib-coap %s from %s (npm install when missing)", o.peerVersion,
                NodeRedPeer.COAP_CONTRIB_VERSION, o.peerCache);
        NodeRedPeer peer = NodeRedPeer.prepare(o.peerCache, o.peerVersion, work.resolve("node-red"),
                FreePorts.udp(), brokerPort, FreePorts.tcp(), o.topicPrefix + "/peer/telemetry/" + NodeRedPeer.PATH);
        facts.put("peer", "Node-RED " + o.peerVersion + " (" + o.peerCache.resolve("node-red-" + o.peerVersion)
                + "); the totals below include the peer's readings, the side-by-side table splits them");
        return peer;
    }

    /** Adds a measured phase (its own latency histogram and loss count); at most 127 (stored as a byte). */
    int addPhase(String name) {
        if (phaseNames.size() >= lostByPhase.length) {
            throw new IllegalStateException("too many phases: " + name);
        }
        phaseNames.add(name);
        histograms.add(new LatencyHistogram());
        return phaseNames.size() - 1;
    }

    private void writeSnapshot(Path snapshot, Path work, int brokerPort, int coapPort) throws IOException {
        Map<String, Map<String, DemoSnapshot.Value>> overrides = new LinkedHashMap<>();
        overrides.computeIfAbsent(COAP_PID, k -> new LinkedHashMap<>())
                .put("bind.address", new DemoSnapshot.Value("String", "127.0.0.1"));
        overrides.get(COAP_PID).put("port", new DemoSnapshot.Value("Integer", Integer.toString(coapPort)));
        overrides.computeIfAbsent(BUFFER_PID, k -> new LinkedHashMap<>()).put("store.directory",
                new DemoSnapshot.Value("String", work.resolve("buffer").toAbsolutePath().toString()));
        Map<String, DemoSnapshot.Value> mqtt = overrides.computeIfAbsent(MQTT_PID, k -> new LinkedHashMap<>());
        String uri = "tcp://127.0.0.1:" + brokerPort;
        mqtt.put("broker.uris", new DemoSnapshot.Value("String", uri));
        mqtt.put("topic.prefix", new DemoSnapshot.Value("String", o.topicPrefix));
        // the product default backs off to 60 s; the outage phase wants the drain to start soon after the restart
        mqtt.put("reconnect.max.millis", new DemoSnapshot.Value("Long", Long.toString(o.reconnectMaxMillis)));
        if (o.loraRate > 0) {
            LoraLoad.configure(overrides, loraPort);
        }
        for (Options.Setting s : o.settings) {
            overrides.computeIfAbsent(s.pid(), k -> new LinkedHashMap<>())
                    .put(s.name(), new DemoSnapshot.Value(s.type(), s.value()));
        }
        DemoSnapshot.deriveTyped(o.seed, snapshot, overrides);
        if (o.loraRate > 0) {
            LoraLoad.addDevices(snapshot, o.loraDevices);
        }
        if (!overrides.containsKey(DemoWebUi.PID)) {
            // a benchmark gateway has no UI credentials; without this it logs one ERROR line saying so, which the
            // benchmark would count as an error
            DemoWebUi.disableIn(snapshot);
        }
        overrides.forEach((pid, props) -> props.forEach((name, v) -> {
            if (!name.equals("port") && !name.equals("store.directory") && !name.startsWith("broker.uri")) {
                facts.merge("gateway settings", pid.substring(pid.lastIndexOf('.') + 1) + ":" + name + "="
                        + v.value(), (a, b) -> a + ", " + b);
            }
        }));
    }

    private void awaitReady(GatewayProcess gateway, LoadGenerator load, Ledger ledger)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!gateway.isAlive()) {
                throw new IOException("the gateway exited during start-up");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the gateway did not answer 2.04 within 90 s");
            }
            ResponseCode code = load.probe(READY, 3000);
            if (code == ResponseCode.CHANGED) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        long pack = load.packsNumbered() - 1;
        while (ledger.arrivals(pack * ledger.readingsPerPack()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("a reading the gateway accepted did not reach the platform within 90 s"
                        + (gateway.logText().contains("uplink") ? "" : "; the gateway log has no line from the MQTT"
                        + " uplink: is io.cityhub.forward.mqtt in the runtime and its component active?"));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Offers load for a phase and measures rates over it (after a 2 s run-in), latency by send phase, RSS. */
    private Row measure(String name, int phase, double rate, int seconds, LoadGenerator load, Ledger ledger,
            GatewayProcess gateway) throws InterruptedException, IOException {
        long runIn = Math.min(2, seconds / 4);
        boolean withLora = lora != null && phase != PROBE;
        if (withLora) {
            lora.start(phase);
        }
        load.run(phase, Double.isNaN(rate) ? 0 : rate, Double.isNaN(rate) ? o.window : o.maxOutstanding,
                TimeUnit.SECONDS.toNanos(runIn));
        long sent0 = load.sentPacks.sum();
        long acc0 = ledger.acceptedReadings.sum();
        long del0 = ledger.uniqueArrivals.sum();
        long failed0 = load.failedPacks.sum();
        long refused0 = load.refusedPacks.sum();
        CpuMark mark = new CpuMark(gateway.pid(), brokerPid);
        LoraReport.Mark loraMark = withLora ? loraReport.mark() : null;
        long t0 = System.nanoTime();
        load.run(phase, Double.isNaN(rate) ? 0 : rate, Double.isNaN(rate) ? o.window : o.maxOutstanding,
                TimeUnit.SECONDS.toNanos(seconds - runIn));
        double dt = (System.nanoTime() - t0) / 1e9;
        long rss = rssKb(gateway.pid());
        double sentRate = (load.sentPacks.sum() - sent0) * (double) o.readingsPerPack / dt;
        double accRate = (ledger.acceptedReadings.sum() - acc0) / dt;
        double delRate = (ledger.uniqueArrivals.sum() - del0) / dt;
        long backlog = ledger.acceptedReadings.sum() - ledger.uniqueArrivals.sum();
        long failed = load.failedPacks.sum() - failed0;
        long refused = load.refusedPacks.sum() - refused0;
        // latencies of this phase's readings keep arriving after the phase: read them after the catch-up
        double reference = Double.isNaN(rate) ? accRate : rate;
        boolean sustained = !Double.isNaN(rate) && accRate >= 0.97 * rate && delRate >= 0.97 * rate
                && failed == 0 && refused == 0 && backlog < reference;
        Cpu cpu = mark.end();
        Row row = new Row(name, Double.isNaN(rate) ? Double.NaN : rate, sentRate, accRate, delRate, backlog,
                failed, refused, rss, sustained, cpu);
        say("  sent %,.0f/s  accepted %,.0f/s  delivered %,.0f/s  backlog %,d  failed %d  refused %d  RSS %d MiB"
                + "  CPU%% gateway %.0f broker %.0f harness %.0f other %.0f", sentRate, accRate, delRate, backlog,
                failed, refused, rss / 1024, cpu.gateway(), cpu.broker(), cpu.harness(), cpu.other());
        if (withLora) {
            lora.pause();
            OUT.println(loraReport.line(loraReport.end(name, phase, loraMark)));
        }
        return row;
    }

    private void outage(double rate, LoadGenerator load, Ledger ledger, PlatformSubscriber platform,
            Mosquitto mosquitto, GatewayProcess gateway) throws IOException, InterruptedException {
        say("outage: %,.0f readings/s offered; broker up %d s, then SIGTERM for %d s, then restart", rate,
                o.outageUpSeconds, o.outageDownSeconds);
        Row up = measure("outage: broker up", OUTAGE_UP, rate, o.outageUpSeconds, load, ledger, gateway);
        rows.add(up);
        long stopAt = System.nanoTime();
        mosquitto.stop();
        say("  mosquitto stopped (SIGTERM) in %.0f ms", (System.nanoTime() - stopAt) / 1e6);
        long acc0 = ledger.acceptedReadings.sum();
        long sent0 = load.sentPacks.sum();
        long failed0 = load.failedPacks.sum();
        long refused0 = load.refusedPacks.sum();
        CpuMark mark = new CpuMark(gateway.pid(), -1);
        LoraReport.Mark loraMark = loraReport == null ? null : loraReport.mark();
        if (lora != null) {
            lora.start(OUTAGE_DOWN);
        }
        long t0 = System.nanoTime();
        load.run(OUTAGE_DOWN, rate, o.maxOutstanding, TimeUnit.SECONDS.toNanos(o.outageDownSeconds));
        double dt = (System.nanoTime() - t0) / 1e9;
        Cpu cpu = mark.end();
        if (lora != null) {
            lora.pause();
            OUT.println(loraReport.line(loraReport.end("outage: broker down", OUTAGE_DOWN, loraMark)));
        }
        long rss = rssKb(gateway.pid());
        double accRate = (ledger.acceptedReadings.sum() - acc0) / dt;
        double sentRate = (load.sentPacks.sum() - sent0) * (double) o.readingsPerPack / dt;
        // the load stops with the restart, so the drain rate below is the backlog alone
        load.awaitAnswers(o.requestTimeoutMillis + 1000);
        long failed = load.failedPacks.sum() - failed0;
        long refused = load.refusedPacks.sum() - refused0;
        if (lora != null) {
            lora.awaitAnswers(5000);
        }
        long backlogAtRestart = accepted(ledger) - arrived(ledger);
        rows.add(new Row("outage: broker down", rate, sentRate, accRate, Double.NaN, backlogAtRestart,
                failed, refused, rss, false, cpu));
        say("  while down: accepted %,.0f/s, failed %d, refused %d; backlog %,d readings", accRate, failed, refused,
                backlogAtRestart);
        long unique0 = arrived(ledger);
        Instant restartWall = Instant.now();
        long restartMicros = restartWall.getEpochSecond() * 1_000_000L + restartWall.getNano() / 1000;
        long restart = System.nanoTime();
        mosquitto.start();
        brokerPid = mosquitto.pid();
        say("  mosquitto restarted; draining");
        long firstNewMicros = 0;
        long firstNewUnique = unique0;
        long deadline = restart + TimeUnit.SECONDS.toNanos(o.drainTimeoutSeconds);
        while (arrived(ledger) < accepted(ledger) && System.nanoTime() < deadline) {
            if (firstNewMicros == 0 && arrived(ledger) > unique0) {
                firstNewMicros = platform.lastNewArrivalMicros.get();
                firstNewUnique = arrived(ledger);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long drained = arrived(ledger) - unique0;
        long lastMicros = platform.lastNewArrivalMicros.get();
        double drainSeconds = (lastMicros - firstNewMicros) / 1e6;
        double drainRate = firstNewMicros == 0 || drainSeconds <= 0 ? Double.NaN
                : (arrived(ledger) - firstNewUnique) / drainSeconds;
        boolean complete = arrived(ledger) >= accepted(ledger);
        facts.put("outage backlog", String.format(Locale.ROOT, "%,d readings at restart; %,d delivered after it; "
                + "%s", backlogAtRestart, drained, complete ? "drained completely" : "NOT drained within "
                + o.drainTimeoutSeconds + " s"));
        facts.put("drain rate", firstNewMicros == 0 ? "none: nothing arrived after the restart"
                : String.format(Locale.ROOT, "%,.0f readings/s (first to last new arrival after the restart, %.1f s;"
                + " no new load meanwhile)", drainRate, drainSeconds));
        facts.put("first delivery after restart", firstNewMicros == 0 ? "none" : String.format(Locale.ROOT,
                "%.1f s after mosquitto was started again (gateway reconnect + broker start)",
                (firstNewMicros - restartMicros) / 1e6));
        facts.put("gateway RSS after the drain", rssKb(gateway.pid()) / 1024 + " MiB");
    }

    /** Waits until every pack is answered and every accepted reading arrived (or the timeout). */
    private boolean catchUp(LoadGenerator load, Ledger ledger, PlatformSubscriber platform, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        load.awaitAnswers(TimeUnit.SECONDS.toMillis(seconds));
        if (lora != null) {
            lora.awaitAnswers(5000);
        }
        while (arrived(ledger) < accepted(ledger) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return arrived(ledger) >= accepted(ledger);
    }

    /** @return readings accepted: CoAP readings answered 2.04, plus LoRa readings of PUSH_ACKed frames */
    private long accepted(Ledger ledger) {
        return ledger.acceptedReadings.sum() + (loraLedger == null ? 0 : loraLedger.acceptedReadings.sum());
    }

    /** @return distinct readings arrived at the platform, CoAP and LoRa */
    private long arrived(Ledger ledger) {
        return ledger.uniqueArrivals.sum() + (loraLedger == null ? 0 : loraLedger.uniqueArrivals.sum());
    }

    private void printLora() {
        Map<String, LoraReport.Coap> coap = new LinkedHashMap<>();
        for (Row r : rows) {
            int phase = phaseNames.indexOf(r.name().equals("outage: broker up") ? "outage: up"
                    : r.name().equals("outage: broker down") ? "outage: down" : r.name());
            if (phase >= 0) {
                coap.put(r.name(), new LoraReport.Coap(r.offered(), r.deliveredRate(), histograms.get(phase)));
            }
        }
        loraReport.print(OUT, loraLedger.verify(phaseNames.size()), coap::get, lora.unexpectedDownlinks);
    }

    private final long[] lostByPhase = new long[127];
    private final long[] dupByPhase = new long[127];
    private long arrivedUnaccepted;
    private long lostTotal;

    /** Every reading of every pack answered 2.04 must have arrived; duplicates counted by reading. */
    private void verify(LoadGenerator load, Ledger ledger, PlatformSubscriber platform) {
        long packs = load.packsNumbered();
        int k = ledger.readingsPerPack();
        for (long p = 0; p < packs; p++) {
            byte state = ledger.state(p);
            int phase = ledger.phaseOfPack(p);
            for (int j = 0; j < k; j++) {
                int n = ledger.arrivals(p * k + j);
                if (state == Ledger.ACCEPTED && n == 0) {
                    lostByPhase[phase]++;
                    lostTotal++;
                }
                if (state != Ledger.ACCEPTED && n > 0) {
                    arrivedUnaccepted++;
                }
                if (n > 1) {
                    dupByPhase[phase] += n - 1;
                }
            }
        }
    }

    private static double bytesPerReading(Row r) {
        return r.acceptedRate() > 0 ? r.cpu().gatewayWrittenPerSecond() / r.acceptedRate() : Double.NaN;
    }

    /** Writes every phase as {@code ramp.csv} and, when there are steps, the ramp as {@code ramp.png}. */
    private void writeRamp(Path work) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        CsvTable csv = new CsvTable(List.of("phase", "offered_per_s", "sent_per_s", "accepted_per_s",
                "delivered_per_s", "backlog_at_end", "p50_ms", "p99_ms", "max_ms", "failed", "refused", "lost",
                "rss_mib", "gateway_cpu_pct", "broker_cpu_pct", "harness_cpu_pct", "bytes_written_per_reading",
                "sustained"));
        List<String> steps = new ArrayList<>();
        Map<String, double[]> rates = new LinkedHashMap<>();
        Map<String, double[]> latency = new LinkedHashMap<>();
        List<Row> stepRows = rows.stream().filter(r -> r.name().startsWith("step")).toList();
        for (String series : List.of("offered", "accepted (2.04)", "delivered to the broker")) {
            rates.put(series, new double[stepRows.size()]);
        }
        for (String series : List.of("p50 sensor \u2192 platform", "p99 sensor \u2192 platform")) {
            latency.put(series, new double[stepRows.size()]);
        }
        for (Row r : rows) {
            int phase = phaseNames.indexOf(r.name().startsWith("probe") ? "probe"
                    : r.name().equals("outage: broker up") ? "outage: up"
                    : r.name().equals("outage: broker down") ? "outage: down" : r.name());
            LatencyHistogram h = phase >= 0 ? histograms.get(phase) : null;
            csv.add(r.name(), r.offered(), r.sentRate(), r.acceptedRate(), r.deliveredRate(), r.backlogAtEnd(),
                    h == null ? null : h.quantileMillis(0.50), h == null ? null : h.quantileMillis(0.99),
                    h == null ? null : h.maxMillis(), r.failed(), r.refused(), phase >= 0 ? lostByPhase[phase] : null,
                    r.rssKb() / 1024, r.cpu().gateway(), r.cpu().broker(), r.cpu().harness(), bytesPerReading(r),
                    r.name().startsWith("step") ? r.sustained() : null);
            int i = stepRows.indexOf(r);
            if (i >= 0) {
                steps.add(r.name().replace("step ", ""));
                rates.get("offered")[i] = r.offered();
                rates.get("accepted (2.04)")[i] = r.acceptedRate();
                rates.get("delivered to the broker")[i] = r.deliveredRate();
                latency.get("p50 sensor \u2192 platform")[i] = h == null ? Double.NaN : h.quantileMillis(0.50);
                latency.get("p99 sensor \u2192 platform")[i] = h == null ? Double.NaN : h.quantileMillis(0.99);
            }
        }
        Path csvFile = work.resolve("ramp.csv");
        csv.write(csvFile);
        OUT.println("CSV (every phase): " + csvFile);
        if (!steps.isEmpty()) {
            Path png = work.resolve("ramp.png");
            LevelsPlot.write(png, steps, "offered readings/s (step)", "readings/s per step (higher is better)", rates,
                    "latency sensor \u2192 platform (lower is better)", latency,
                    "cityhub end to end: the ramp (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")",
                    String.format(Locale.ROOT, "%d sensors, %d readings per CoAP request, %d s per step; "
                            + "answered only once durable", o.sensors, o.readingsPerPack, o.stepSeconds));
            OUT.println("plot (the ramp): " + png);
        }
    }

    private void printTable(LoadGenerator load, Ledger ledger, PlatformSubscriber platform, GatewayProcess gateway,
            double wallSeconds) throws IOException {
        OUT.println();
        OUT.println("cityhub end-to-end benchmark — " + Instant.now());
        OUT.printf(Locale.ROOT, "%d sensors (one UDP endpoint each), %d readings per CoAP pack (SenML JSON, CON), "
                + "closed-loop window %d packs, open-loop cap %d packs outstanding%n", o.sensors, o.readingsPerPack,
                o.window, o.maxOutstanding);
        OUT.println("latency = platform arrival − reading time (= send time), same clock; by the phase the reading"
                + " was sent in (outage rows: includes readings held back by the outage)");
        OUT.printf(Locale.ROOT, "machine: %d cores; gateway, mosquitto and this harness share them; CPU%% columns are "
                + "%% of one core: gateway/mosquitto/harness/other processes on the machine%n",
                Runtime.getRuntime().availableProcessors());
        OUT.println();
        String header = String.format(Locale.ROOT,
                "%-22s %9s %9s %9s %9s %9s %8s %8s %8s %6s %6s %6s %7s %16s %6s %4s",
                "phase", "offered/s", "sent/s", "2.04/s", "deliv/s", "backlog", "p50 ms", "p99 ms", "max ms",
                "failed", "refusd", "lost", "RSS MiB", "CPU% gw/mq/h/oth", "B/rdg", "ok");
        OUT.println(header);
        OUT.println("-".repeat(header.length()));
        for (Row r : rows) {
            int phase = phaseNames.indexOf(r.name().startsWith("probe") ? "probe"
                    : r.name().equals("outage: broker up") ? "outage: up"
                    : r.name().equals("outage: broker down") ? "outage: down" : r.name());
            LatencyHistogram h = phase >= 0 ? histograms.get(phase) : null;
            OUT.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %8s %8s %8s %6d %6d %6s %7d %16s %6s %4s%n",
                    r.name(),
                    num(r.offered()), num(r.sentRate()), num(r.acceptedRate()), num(r.deliveredRate()),
                    String.format(Locale.ROOT, "%,d", r.backlogAtEnd()),
                    h == null ? "-" : ms(h.quantileMillis(0.50)), h == null ? "-" : ms(h.quantileMillis(0.99)),
                    h == null ? "-" : ms(h.maxMillis()), r.failed(), r.refused(),
                    phase >= 0 ? String.format(Locale.ROOT, "%,d", lostByPhase[phase]) : "-", r.rssKb() / 1024,
                    String.format(Locale.ROOT, "%s/%s/%s/%s", num(r.cpu().gateway()), num(r.cpu().broker()),
                            num(r.cpu().harness()), num(r.cpu().other())),
                    num(bytesPerReading(r)), r.name().startsWith("step") ? (r.sustained() ? "yes" : "no") : "");
        }
        OUT.println("B/rdg: bytes the gateway wrote to storage (/proc/<pid>/io write_bytes: outbox journal, "
                + "checkpoints, log) per reading accepted in the phase");
        OUT.println();
        OUT.println("gateway CPU by thread (% of one core; '#' = any number):");
        for (Row r : rows) {
            OUT.printf("  %-22s %s%n", r.name(), r.cpu().gatewayThreads());
        }
        OUT.println("harness CPU by thread (load generator + platform subscriber):");
        for (Row r : rows) {
            OUT.printf("  %-22s %s%n", r.name(), r.cpu().harnessThreads());
        }
        OUT.println();
        facts.put("readings sent", String.format(Locale.ROOT, "%,d in %,d packs", load.packsNumbered()
                * o.readingsPerPack, load.packsNumbered()));
        facts.put("readings accepted (2.04)", String.format(Locale.ROOT, "%,d (partial packs: %d)",
                ledger.acceptedReadings.sum(), load.partialPacks.sum()));
        facts.put("readings arrived (distinct)", String.format(Locale.ROOT, "%,d", ledger.uniqueArrivals.sum()));
        facts.put("LOST (2.04 but never arrived)", String.format(Locale.ROOT, "%,d%s", lostTotal,
                lostTotal > 0 && gateway.logText().contains("OutOfMemoryError")
                        ? " (the gateway ran out of heap: these stayed in its outbox undelivered)" : ""));
        long dupOutage = dupByPhase[OUTAGE_UP] + dupByPhase[OUTAGE_DOWN];
        facts.put("duplicates", String.format(Locale.ROOT, "%,d arrivals of a reading seen before (%,d of readings "
                + "sent in the outage phase; %,d messages carried MQTT DUP)", ledger.duplicateArrivals.sum(),
                dupOutage, platform.dupFlagged.sum()));
        facts.put("arrived without a 2.04", String.format(Locale.ROOT, "%,d (sent, answer timed out or refused, "
                + "delivered anyway: at-least-once)", arrivedUnaccepted));
        facts.put("telemetry messages", String.format(Locale.ROOT, "%,d carrying %,d readings (%.1f per message); "
                + "events %,d; other %,d", platform.telemetryMessages.sum(), platform.readingsInTelemetry.sum(),
                platform.readingsInTelemetry.sum() / Math.max(1.0, platform.telemetryMessages.sum()),
                platform.eventMessages.sum(), platform.otherMessages.sum()));
        facts.put("reading ids / clock", String.format(Locale.ROOT, "%,d records without rid; clk %s; foreign %,d; "
                + "unparsable %,d", platform.withoutRid.sum(), platform.clockQualities, platform.foreignReadings
                .sum(), platform.unparsable.sum()));
        if (!load.failures.isEmpty() || !load.refusals.isEmpty()) {
            facts.put("CoAP failures / refusals", load.failures + " / " + load.refusals);
        }
        facts.put("platform reconnects", Long.toString(platform.reconnects.sum()));
        facts.put("wall time", String.format(Locale.ROOT, "%.0f s", wallSeconds));
        if (!singleLevels.isEmpty()) {
            singleLevels.print(OUT);
            OUT.println();
        }
        facts.forEach((k, v) -> OUT.printf("%-32s %s%n", k + ":", v));
        OUT.println();
        OUT.println("gateway log: " + gateway.log() + " (" + Files.size(gateway.log()) / 1024 + " KiB, "
                + countMatches(gateway.logText(), " WARN ") + " WARN lines, "
                + countMatches(gateway.logText(), " ERROR ") + " ERROR lines, "
                + countMatches(gateway.logText(), "OutOfMemoryError") + " OutOfMemoryError)");
    }

    private static int countMatches(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static void say(String format, Object... args) {
        OUT.printf(Locale.ROOT, "[%s] " + format + "%n", Stream.concat(Stream.of((Object) Instant.now()
                .toString().substring(11, 19)), Stream.of(args)).toArray());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
