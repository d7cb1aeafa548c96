package io.cityhub.tools;

import io.cityhub.tools.lora.DemoLoraSensor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code cityhub demo}: a gateway, a stand-in for the regional platform, a simulated river probe (CoAP), a
 * simulated LoRaWAN parking sensor (through a simulated concentrator), a simulated GPIO door contact and a signalised
 * T-junction on simulated GPIO pins, on one machine, printing what the sensors send and what the platform receives
 * (readings, the intersection's signal timing, events).
 *
 * <p>Scenarios: {@code live} (default) runs until Ctrl-C or {@code --duration}; {@code outage} shows that readings
 * the gateway accepted while the platform was unreachable survive a {@code kill -9} and arrive after a restart.
 */
public final class Demo {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String SENSOR = "river-probe-1";

    private final Path repo;
    private final PrintStream out;
    private final Path workDir;
    private final Path runtimeJar;
    private final Path snapshot;
    private final int brokerPort;
    private final int coapPort;
    private final int loraPort;
    private final int uiPort;
    /** SenML records of the CoAP river probe only: the outage check compares them with the readings accepted. */
    private final AtomicInteger probeRecordsReceived = new AtomicInteger();
    private final AtomicInteger telemetryReceived = new AtomicInteger();
    private final Random random = new Random();

    private Demo(Path repo, PrintStream out) throws IOException {
        this.repo = repo.toAbsolutePath().normalize();
        this.out = out;
        this.workDir = this.repo.resolve("run/demo");
        this.runtimeJar = this.repo.resolve("distribution/target/cityhub.jar");
        this.snapshot = workDir.resolve("snapshot_0.xml");
        this.brokerPort = freeTcpPort();
        this.coapPort = freeUdpPort();
        this.loraPort = freeUdpPort();
        this.uiPort = uiPort();
    }

    /**
     * @param args {@code [--repo DIR] [--scenario live|outage] [--duration SECONDS]}
     * @throws Exception if the demo cannot run; the message says why
     */
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        String scenario = "live";
        long duration = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--scenario" -> scenario = args[++i];
                case "--duration" -> duration = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: demo [--repo DIR] [--scenario live|outage] [--duration SECONDS]");
            }
        }
        Demo demo = new Demo(repo, System.out);
        boolean ok = switch (scenario) {
            case "live" -> demo.live(duration);
            case "outage" -> demo.outage();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + " (live, outage)");
        };
        System.exit(ok ? 0 : 1);
    }

    private boolean live(long durationSeconds) throws Exception {
        prepare();
        out.printf("%nStarting. Press Ctrl-C to stop everything.%n%n");
        CountDownLatch stop = new CountDownLatch(1);
        try (PlatformStandIn platform = startPlatform()) {
            GatewayProcess gateway =
                    GatewayProcess.start(runtimeJar, workDir, snapshot, DemoGpioInput.frameworkProperties());
            Thread hook = new Thread(() -> {
                stop.countDown();
                shutdown(gateway);
            }, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (SimulatedSensor sensor = new SimulatedSensor("127.0.0.1", coapPort, SENSOR);
                    DemoLoraSensor lora = DemoLoraSensor.start(loraPort)) {
                Instant end = durationSeconds > 0 ? Instant.now().plusSeconds(durationSeconds) : Instant.MAX;
                while (!stop.await(2, TimeUnit.SECONDS) && Instant.now().isBefore(end)) {
                    if (!gateway.isAlive()) {
                        out.printf("%nThe gateway stopped unexpectedly. Its log (%s) ends with:%n%s%n", gateway.log(),
                                tail(gateway.logText(), 25));
                        return false;
                    }
                    postOnce(sensor);
                    say("lora", lora.sendOnce());
                }
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown(gateway);
        }
        return telemetryReceived.get() > 0;
    }

    private boolean outage() throws Exception {
        prepare();
        out.printf("%nScenario: the platform is unreachable; the gateway accepts readings, is killed with SIGKILL,"
                + " restarts when the platform is back, and delivers what it had accepted.%n%n");
        List<String> accepted = new ArrayList<>();
        GatewayProcess gateway =
                GatewayProcess.start(runtimeJar, workDir, snapshot, DemoGpioInput.frameworkProperties());
        try (SimulatedSensor sensor = new SimulatedSensor("127.0.0.1", coapPort, SENSOR)) {
            say("platform", "is DOWN (no broker on port " + brokerPort + ")");
            Instant deadline = Instant.now().plusSeconds(60);
            while (accepted.size() < 5 && Instant.now().isBefore(deadline)) {
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                SimulatedSensor.Answer answer = sensor.post(at, 10 + random.nextDouble() * 5, 500 + random.nextInt(50));
                if (answer != null && answer.accepted()) {
                    accepted.add(at.toString());
                    say("sensor", SENSOR + " -> gateway: reading of " + at + " accepted (durable on the gateway)");
                } else {
                    TimeUnit.MILLISECONDS.sleep(500); // the gateway is still starting; ask again shortly
                }
            }
            if (accepted.size() < 5) {
                out.printf("The gateway did not accept readings within 60 s. Log %s:%n%s%n", gateway.log(),
                        tail(gateway.logText(), 25));
                gateway.kill();
                return false;
            }
        }
        gateway.kill();
        say("gateway", "killed with SIGKILL (pid " + gateway.pid() + "), nothing closed cleanly");
        try (PlatformStandIn platform = startPlatform()) {
            say("platform", "is UP again on port " + brokerPort);
            GatewayProcess restarted =
                    GatewayProcess.start(runtimeJar, workDir, snapshot, DemoGpioInput.frameworkProperties());
            say("gateway", "restarted (pid " + restarted.pid() + ")");
            Instant deadline = Instant.now().plusSeconds(60);
            while (probeRecordsReceived.get() < accepted.size() * 2 && Instant.now().isBefore(deadline)
                    && restarted.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(200); // waiting on the platform's subscriber thread
            }
            shutdown(restarted);
        }
        // each accepted post carries two records (temperature, conductivity); the door contact's readings also
        // arrive, but they must not make up for a lost probe reading
        boolean ok = probeRecordsReceived.get() >= accepted.size() * 2;
        out.printf("%n%s: %d %s records accepted before the kill, %d of them delivered after the restart"
                + " (and %d other records, e.g. from %s).%n", ok ? "OK" : "FAILED", accepted.size() * 2, SENSOR,
                probeRecordsReceived.get(), telemetryReceived.get() - probeRecordsReceived.get(), DemoGpioInput.SENSOR);
        return ok;
    }

    private void prepare() throws IOException {
        if (!Files.isRegularFile(runtimeJar)) {
            throw new IOException("no gateway runtime at " + runtimeJar + " (run: mvn -B install -DskipTests)");
        }
        deleteTree(workDir.resolve("data"));
        DemoSnapshot.derive(repo.resolve("kura-config/snapshot_0.xml"), snapshot, Map.of(
                "io.cityhub.forward.mqtt.MqttForwarder", Map.of("broker.uris", "tcp://127.0.0.1:" + brokerPort),
                "io.cityhub.sensor.coap.CoapSensorServer", Map.of("bind.address", "127.0.0.1",
                        "port", Integer.toString(coapPort)),
                "io.cityhub.sensor.lora.LoraGateway", Map.of("port", Integer.toString(loraPort))));
        DemoLoraSensor.addTo(snapshot);
        DemoGpioInput.addTo(snapshot);
        DemoIntersection.addTo(snapshot, repo);
        DemoWebUi.addTo(snapshot, uiPort);
        DemoWebUi.writeLogin(workDir.resolve("data"), DemoWebUi.DEMO_PASSWORD);
        out.println("cityhub demo");
        out.printf("  platform      stand-in MQTT broker on 127.0.0.1:%d, subscribed to cityhub/#%n", brokerPort);
        Path jvmOptions = runtimeJar.resolveSibling(GatewayProcess.JVM_OPTIONS);
        out.printf("  gateway       java @%s -jar %s%n", repo.relativize(jvmOptions), repo.relativize(runtimeJar));
        out.printf("                working directory %s, log %s%n", repo.relativize(workDir),
                repo.relativize(workDir.resolve("gateway.log")));
        out.printf("  configuration %s (kura-config/snapshot_0.xml with the demo's ports)%n",
                repo.relativize(snapshot));
        out.printf("  sensor        %s posts SenML JSON over CoAP to 127.0.0.1:%d every 2 s%n", SENSOR, coapPort);
        out.printf("  lora          %s (ABP) heard by a simulated concentrator whose packet forwarder sends%n"
                + "                GWMP to 127.0.0.1:%d every 2 s (live scenario); decoded by device profile %s%n",
                DemoLoraSensor.SENSOR, loraPort, DemoLoraSensor.PROFILE);
        out.printf(
                "  gpio          %s: door contact on BCM %d (input), Pi4J mock provider; the simulated level%n        "
                        + "        toggles every %d s (-Dcityhub.gpio.provider=mock"
                        + " -Dcityhub.gpio.simulate.toggle.seconds=%d)%n",
                DemoGpioInput.SENSOR, DemoGpioInput.BCM, DemoGpioInput.TOGGLE_SECONDS, DemoGpioInput.TOGGLE_SECONDS);
        out.printf(
                "  traffic       %s: the traffic controller drives its signal heads on GPIO output pins%n             "
                    + "   (BCM 2-14, mock); its loops det.* and push button btn.side are input pins that toggle%n     "
                    + "           with the door contact, so vehicles and pedestrians keep arriving. The platform"
                    + " receives%n                its signal timing (SPaT) on every change: per signal group the state"
                    + " and when it changes%n                next (>= guaranteed earliest, likely, at most); mode"
                    + " changes and faults arrive as events.%n",
                DemoIntersection.DEFINITION);
        out.printf("  web UI        http://127.0.0.1:%d/ (status page and configuration forms): log in as %s with the%n"
                + "                password %s -- the demo's own; a real gateway gets its own with%n"
                + "                ./cityhub ui-password, and has no default password%n",
                uiPort, DemoWebUi.USER, DemoWebUi.DEMO_PASSWORD);
    }

    /** The UI's usual port 8088 when it is free, else any free one. */
    private static int uiPort() throws IOException {
        try (ServerSocket s = new ServerSocket(8088, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            return freeTcpPort();
        }
    }

    private PlatformStandIn startPlatform() throws IOException, MqttException {
        return PlatformStandIn.start(brokerPort, "cityhub/#", message -> {
            if (message.topic().contains("/telemetry/")) {
                List<String> lines = SenmlSummary.lines(message.payload());
                telemetryReceived.addAndGet(lines.size());
                if (message.topic().endsWith("/telemetry/" + SENSOR)) {
                    probeRecordsReceived.addAndGet(lines.size());
                }
                for (String line : lines) {
                    if (!saySpat(message.topic(), line)) {
                        say("platform", "<- " + message.topic() + "  " + line);
                    }
                }
            } else if (message.topic().contains("/spat/")) {
                // the local SPaT topic is for roadside apps (QoS 0 JSON); its telemetry copy is shown above
                return;
            } else {
                say("platform", "<- " + message.topic() + (message.retained() ? " (retained)  " : "  ")
                        + SenmlSummary.lines(message.payload()).get(0));
            }
        });
    }

    /**
     * Shows a SPaT reading ({@code ... spat = <compact> @ <time>}) group by group; false for any other line.
     */
    private synchronized boolean saySpat(String topic, String line) {
        int eq = line.indexOf("spat = ");
        int atSign = line.indexOf(" @ ", Math.max(eq, 0));
        if (eq < 0 || atSign < 0) {
            return false;
        }
        String value = line.substring(eq + "spat = ".length(), atSign);
        String time = line.substring(atSign + 3).split(" ")[0];
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        say("platform", "<- " + topic + "  signal timing (SPaT) of " + time);
        for (String group : SpatSummary.lines(value, at)) {
            out.printf("%18s %s%n", "", group);
        }
        return true;
    }

    private void postOnce(SimulatedSensor sensor) throws IOException {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        double temperature = 10 + random.nextDouble() * 5;
        double conductivity = 500 + random.nextInt(50);
        SimulatedSensor.Answer answer = sensor.post(at, temperature, conductivity);
        String outcome = answer == null ? "no answer (gateway starting?)"
                : answer.code() + (answer.accepted() ? " (durable on the gateway)" : " " + answer.text());
        say(
                "sensor",
                String.format(
                        java.util.Locale.ROOT,
                        "%s -> gateway  temperature=%.2f Cel conductivity=%.0f uS/cm  %s",
                        SENSOR,
                        temperature,
                        conductivity,
                        outcome));
    }

    private void shutdown(GatewayProcess gateway) {
        try {
            if (gateway.isAlive()) {
                say("gateway", "stopping (SIGTERM)...");
                int code = gateway.stop(20);
                say("gateway", code == -1 ? "did not stop within 20 s and was killed"
                        : "stopped cleanly (exit code " + code + signalName(code) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM exits with 128 + the signal number when a signal ended it (Ctrl-C reaches the gateway too). */
    private static String signalName(int exitCode) {
        return switch (exitCode) {
            case 130 -> " = SIGINT, Ctrl-C";
            case 143 -> " = SIGTERM";
            default -> "";
        };
    }

    private synchronized void say(String who, String what) {
        out.printf("%s  %-8s %s%n", LocalTime.now().format(CLOCK), who, what);
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
