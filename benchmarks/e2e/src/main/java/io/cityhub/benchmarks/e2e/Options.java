package io.cityhub.benchmarks.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link EndToEndBenchmark}; defaults keep the whole run under about 5 minutes. */
final class Options {

    /** A gateway setting for the derived snapshot: {@code PID:name:Type=value}. */
    record Setting(String pid, String name, String type, String value) {
    }

    Path repo;
    Path jar;
    Path seed;
    Path mosquitto = Path.of("/usr/sbin/mosquitto");
    String topicPrefix = "cityhub";
    int sensors = 64;
    int readingsPerPack = 10;
    int window = 256;
    int maxOutstanding = 4096;
    int clientThreads = 2;
    long requestTimeoutMillis = 30_000;
    int warmupSeconds = 10;
    int probeSeconds = 20;
    List<Double> steps = new ArrayList<>(List.of(5_000.0, 10_000.0, 15_000.0, 20_000.0, 27_000.0));
    int stepSeconds = 20;
    double outageRate = 0;
    int outageUpSeconds = 10;
    int outageDownSeconds = 20;
    int drainTimeoutSeconds = 120;
    long reconnectMaxMillis = 2000;
    List<Setting> settings = new ArrayList<>();
    List<Integer> singleLevels = new ArrayList<>();
    int levelSeconds = 20;
    boolean keep;
    String gatewayXmx;
    boolean peer;
    String peerVersion = NodeRedPeer.DEFAULT_VERSION;
    Path peerCache = Path.of(System.getProperty("user.home"), ".cache", "cityhub-bench");
    int loraDevices = 1000;
    double loraRate;
    double loraConfirmed = 0.1;

    static String usage() {
        return """
                usage: java -cp 'target/cityhub-benchmarks-e2e.jar:target/lib/*' \\
                           io.cityhub.benchmarks.e2e.EndToEndBenchmark [options]
                  --repo DIR              repository root (default: found upwards from the working directory)
                  --jar FILE              gateway runtime (default: <repo>/distribution/target/cityhub.jar)
                  --seed FILE             seed snapshot (default: <repo>/kura-config/snapshot_0.xml)
                  --mosquitto FILE        broker binary (default: /usr/sbin/mosquitto)
                  --sensors N             simulated sensors, one UDP endpoint each (default 64)
                  --readings-per-pack N   readings per CoAP request (default 10)
                  --window N              packs outstanding in the closed-loop warm-up and probe (default 256)
                  --max-outstanding N     cap on unanswered packs at fixed rates (default 4096)
                  --warmup S              warm-up seconds (default 10)
                  --probe S               closed-loop probe seconds, 0 = none (default 20)
                  --steps R,R,...         offered readings/s per step (default 5000,10000,15000,20000,27000)
                  --step-seconds S        seconds per step (default 20)
                  --outage-rate R         readings/s during the outage phase (default: highest sustained step)
                  --outage-up S           seconds of load before the broker is stopped (default 10)
                  --outage-down S         seconds the broker is down, 0 = no outage phase (default 20)
                  --drain-timeout S       how long to wait for the backlog after the restart (default 120)
                  --reconnect-max-ms MS   forwarder's reconnect.max.millis (default 2000)
                  --set PID:name:Type=V   any further gateway setting (repeatable), e.g.
                                          --set io.cityhub.forward.mqtt.MqttForwarder:inflight.window:Integer=128
                  --gateway-xmx SIZE      start the gateway with -XmxSIZE after the shipped jvm.options (-Xmx96m)
                  --single-levels C,C,... closed-loop single-reading mode instead of probe, steps and outage: at
                                          each level C requests outstanding, one reading per request, the next
                                          sent when one is answered; round trip p50/p99, acknowledged readings/s
                                          and outbox commits/s per level (e.g. 1,32,128,256)
                  --level-seconds S       seconds per level (default 20, after a 2 s run-in)
                  --lora-rate R           LoRa frames/s beside the CoAP load in the steps and the outage, 0 = no
                                          LoRa (default 0; a concentrator hears a few hundred/s, e.g. 200): one
                                          simulated packet forwarder (GWMP over UDP on loopback), ABP devices
                                          with profile cayenne-lpp, 5 readings per frame
                  --lora-devices N        ABP devices configured in the gateway's snapshot (default 1000)
                  --lora-confirmed F      share of frames sent as confirmed uplinks, ACKed by the gateway only
                                          once durable (default 0.1)
                  --keep                  keep the outbox and broker database after the run
                  --peer                  side by side with a peer: Node-RED 4 + node-red-contrib-coap (installed
                                          with npm into --peer-cache, reused when present) driven by the same load
                                          at each --single-levels level (default 1,32,128,256), alternating, then
                                          the same broker outage for both (--outage-up/--outage-down seconds,
                                          --outage-rate default 500/s); prints ratios cityhub/peer and writes
                                          side-by-side.csv and side-by-side.png into the work directory. Needs
                                          node and npm; fails if the peer cannot be installed or started
                  --peer-version V        Node-RED version for --peer (default 4.1.15, the newest 4.1 for Node 20)
                  --peer-cache DIR        scratch folder for the Node-RED install (default ~/.cache/cityhub-bench)
                """;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep")) {
                o.keep = true;
                continue;
            }
            if (a.equals("--peer")) {
                o.peer = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--repo" -> o.repo = Path.of(v);
                    case "--jar" -> o.jar = Path.of(v);
                    case "--seed" -> o.seed = Path.of(v);
                    case "--mosquitto" -> o.mosquitto = Path.of(v);
                    case "--sensors" -> o.sensors = positive(a, v);
                    case "--readings-per-pack" -> o.readingsPerPack = positive(a, v);
                    case "--window" -> o.window = positive(a, v);
                    case "--max-outstanding" -> o.maxOutstanding = positive(a, v);
                    case "--warmup" -> o.warmupSeconds = Integer.parseInt(v);
                    case "--probe" -> o.probeSeconds = Integer.parseInt(v);
                    case "--steps" -> {
                        o.steps = new ArrayList<>();
                        for (String s : v.split(",")) {
                            if (!s.isBlank()) {
                                o.steps.add(Double.parseDouble(s.trim()));
                            }
                        }
                    }
                    case "--step-seconds" -> o.stepSeconds = positive(a, v);
                    case "--outage-rate" -> o.outageRate = Double.parseDouble(v);
                    case "--outage-up" -> o.outageUpSeconds = positive(a, v);
                    case "--outage-down" -> o.outageDownSeconds = Integer.parseInt(v);
                    case "--drain-timeout" -> o.drainTimeoutSeconds = positive(a, v);
                    case "--reconnect-max-ms" -> o.reconnectMaxMillis = positive(a, v);
                    case "--set" -> o.settings.add(setting(v));
                    case "--single-levels" -> {
                        o.singleLevels = new ArrayList<>();
                        for (String c : v.split(",")) {
                            if (!c.isBlank()) {
                                o.singleLevels.add(positive(a, c.trim()));
                            }
                        }
                    }
                    case "--level-seconds" -> o.levelSeconds = positive(a, v);
                    case "--lora-devices" -> o.loraDevices = positive(a, v);
                    case "--lora-rate" -> o.loraRate = nonNegative(a, Double.parseDouble(v));
                    case "--lora-confirmed" -> {
                        o.loraConfirmed = Double.parseDouble(v);
                        if (!(o.loraConfirmed >= 0 && o.loraConfirmed <= 1)) {
                            throw new IllegalArgumentException("--lora-confirmed is a share from 0 to 1: " + v);
                        }
                    }
                    case "--gateway-xmx" -> {
                        if (!v.matches("[0-9]+[kKmMgG]?")) {
                            throw new IllegalArgumentException("--gateway-xmx wants e.g. 1g, got " + v);
                        }
                        o.gatewayXmx = v;
                    }
                    default -> peerOption(o, a, v);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number for " + a + ": " + v);
            }
        }
        if (o.steps.size() > 50) {
            throw new IllegalArgumentException("at most 50 steps");
        }
        if (o.peer && o.singleLevels.isEmpty()) {
            o.singleLevels = new ArrayList<>(List.of(1, 32, 128, 256));
        }
        if (o.loraRate > 0 && o.loraDevices > 9999) {
            throw new IllegalArgumentException("--lora-devices: at most 9999");
        }
        if (o.loraRate > 0 && !o.singleLevels.isEmpty()) {
            throw new IllegalArgumentException("--lora-rate runs beside the steps and the outage, not with "
                    + "--single-levels");
        }
        if (!o.singleLevels.isEmpty()) {
            // one reading per request; the gateway reports its outbox commit counter every 5 s (a health message
            // costs the gateway some CPU: every second it took about 5 % of what the gateway spent at 32 outstanding,
            // against the shipped 60 s)
            o.readingsPerPack = 1;
            o.settings.add(new Setting("io.cityhub.forward.mqtt.MqttForwarder", "status.interval.seconds", "Integer",
                    String.valueOf(SingleReadingLevels.HEALTH_SECONDS)));
        }
        if (o.repo == null) {
            o.repo = findRepo();
        }
        if (o.jar == null) {
            o.jar = o.repo.resolve("distribution/target/cityhub.jar");
        }
        if (o.seed == null) {
            o.seed = o.repo.resolve("kura-config/snapshot_0.xml");
        }
        if (!Files.isRegularFile(o.seed)) {
            throw new IllegalArgumentException("no seed snapshot at " + o.seed);
        }
        if (!Files.isExecutable(o.mosquitto)) {
            throw new IllegalArgumentException("no mosquitto at " + o.mosquitto
                    + " (Debian/Ubuntu: apt-get install mosquitto)");
        }
        return o;
    }

    /** The options of the side-by-side run with a peer ({@link SideBySide}). */
    private static void peerOption(Options o, String a, String v) {
        switch (a) {
            case "--peer-version" -> {
                if (!v.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
                    throw new IllegalArgumentException("--peer-version wants a Node-RED version like 4.1.15, got " + v);
                }
                o.peerVersion = v;
            }
            case "--peer-cache" -> o.peerCache = Path.of(v);
            default -> throw new IllegalArgumentException("unknown option " + a);
        }
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + v);
        }
        return n;
    }

    private static double nonNegative(String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + " must be 0 or more: " + v);
        }
        return v;
    }

    private static Setting setting(String spec) {
        int eq = spec.indexOf('=');
        String[] head = eq < 0 ? new String[0] : spec.substring(0, eq).split(":");
        if (head.length != 3) {
            throw new IllegalArgumentException("--set wants PID:name:Type=value, got " + spec);
        }
        return new Setting(head[0], head[1], head[2], spec.substring(eq + 1));
    }

    private static Path findRepo() {
        String property = System.getProperty("cityhub.repo.root");
        if (property != null) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("kura-config/snapshot_0.xml"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("cannot find the repository root above " + Path.of("").toAbsolutePath()
                + "; pass --repo");
    }
}
