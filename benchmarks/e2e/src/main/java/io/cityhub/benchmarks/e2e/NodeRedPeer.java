package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer the gateway is compared with: Node-RED 4 with {@code node-red-contrib-coap}, wired the way Node-RED users
 * wire it: {@code coap in} (POST) → a function that answers the sensor 2.04 at once and passes the payload on
 * unchanged → {@code mqtt out} QoS 1 to the same mosquitto the gateway uses.
 *
 * <p>What the peer does not do, so the comparison stays honest: it answers the sensor before publishing, buffers
 * nothing durably (Node-RED's MQTT node drops what arrives while its broker connection is down), and validates
 * nothing (the SenML goes through as it came).
 *
 * <p>Node-RED is installed with npm into a scratch folder outside the repository ({@code
 * ~/.cache/cityhub-bench/node-red-<version>}), reused when present. The contrib node's {@code coap in} matches the
 * request path exactly (no wildcards, no path parameters), so the peer's load goes to the one path {@link #PATH};
 * its CoAP server listens on all interfaces (the contrib has no bind option) on a free port we choose, and only
 * loopback traffic is sent to it.
 */
final class NodeRedPeer implements AutoCloseable {

    /** Node-RED version installed by default: the newest 4.1 that runs on Node 20 (5.x needs Node 22). */
    static final String DEFAULT_VERSION = "4.1.15";
    /** node-red-contrib-coap version (its latest; it bundles node-coap 0.25 as the server). */
    static final String COAP_CONTRIB_VERSION = "0.6.0";
    /** The one CoAP path the peer's {@code coap in} node serves. */
    static final String PATH = "readings";
    /** How long npm may take to install. */
    static final long INSTALL_TIMEOUT_SECONDS = 600;

    private final Path install;
    private final Path userDir;
    private final int coapPort;
    private volatile Process process;

    private NodeRedPeer(Path install, Path userDir, int coapPort) {
        this.install = install;
        this.userDir = userDir;
        this.coapPort = coapPort;
    }

    /**
     * Installs Node-RED (or reuses an install) and writes its settings and flow; does not start it.
     *
     * @param cache    parent of the scratch install folder, e.g. {@code ~/.cache/cityhub-bench}
     * @param version  Node-RED version, e.g. 4.1.15
     * @param userDir  Node-RED's user directory for this run (settings.js, flows.json, log)
     * @param topic    the MQTT topic the flow publishes on
     * @throws IOException with a clear reason when node or npm is missing or the install fails
     */
    static NodeRedPeer prepare(Path cache, String version, Path userDir, int coapPort, int brokerPort, int uiPort,
            String topic) throws IOException, InterruptedException {
        Path dir = cache.resolve("node-red-" + version);
        String node = toolVersion("node");
        if (node == null) {
            throw new IOException("--peer needs Node.js (node) on the PATH to run Node-RED; none found"
                    + " (Debian: apt-get install nodejs npm)");
        }
        if (!installed(dir, version)) {
            if (toolVersion("npm") == null) {
                throw new IOException("--peer needs npm on the PATH to install Node-RED " + version + " into " + dir
                        + "; none found (Debian: apt-get install npm)");
            }
            npmInstall(dir, version);
        }
        Files.createDirectories(userDir);
        Files.writeString(userDir.resolve("settings.js"), settings(uiPort), StandardCharsets.UTF_8);
        Files.writeString(userDir.resolve("flows.json"), flow(coapPort, brokerPort, topic), StandardCharsets.UTF_8);
        return new NodeRedPeer(dir, userDir, coapPort);
    }

    static boolean installed(Path dir, String version) throws IOException {
        Path red = dir.resolve("node_modules/node-red/package.json");
        Path coap = dir.resolve("node_modules/node-red-contrib-coap/package.json");
        return Files.isRegularFile(red) && Files.isRegularFile(coap)
                && version.equals(packageVersion(Files.readString(red, StandardCharsets.UTF_8)));
    }

    /** @return the "version" of a package.json text, or null */
    static String packageVersion(String packageJson) {
        Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(packageJson);
        return m.find() ? m.group(1) : null;
    }

    private static void npmInstall(Path dir, String version) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("npm-install.log");
        List<String> cmd = List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
                dir.toString(), "node-red@" + version, "node-red-contrib-coap@" + COAP_CONTRIB_VERSION);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("--peer: npm install of Node-RED " + version + " did not finish within "
                    + INSTALL_TIMEOUT_SECONDS + " s; see " + log);
        }
        if (p.exitValue() != 0 || !installed(dir, version)) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            throw new IOException("--peer: npm install of Node-RED " + version + " and node-red-contrib-coap "
                    + COAP_CONTRIB_VERSION + " failed (exit " + p.exitValue() + "); see " + log + "\n"
                    + text.substring(Math.max(0, text.length() - 2000)));
        }
    }

    private static String toolVersion(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? out : null;
        } catch (IOException notThere) {
            return null;
        }
    }

    /** Headless Node-RED on loopback: no editor, no admin or HTTP-in endpoints, no telemetry or diagnostics. */
    static String settings(int uiPort) {
        return String.join("\n",
                "// written by the cityhub end-to-end benchmark (--peer); Node-RED on loopback, headless",
                "module.exports = {",
                "    uiHost: \"127.0.0.1\",",
                "    uiPort: " + uiPort + ",",
                "    disableEditor: true,",
                "    httpAdminRoot: false,",
                "    httpNodeRoot: false,",
                "    flowFile: \"flows.json\",",
                "    credentialSecret: false,",
                "    logging: { console: { level: \"warn\", metrics: false, audit: false } },",
                "    diagnostics: { enabled: false },",
                "    runtimeState: { enabled: false },",
                "    telemetry: { enabled: false },",
                "    functionExternalModules: false,",
                "    externalModules: { autoInstall: false, palette: { allowInstall: false } },",
                "    editorTheme: { tours: false }",
                "};",
                "");
    }

    /**
     * The flow: coap in (POST /readings) → function (answer 2.04 now, pass the payload on unchanged) → mqtt out QoS 1.
     * Node-RED's MQTT client: clean session, keepalive 60 s, its default reconnect period (5 s).
     */
    static String flow(int coapPort, int brokerPort, String topic) {
        if (topic.contains("\"") || topic.contains("\\") || topic.contains("'")) {
            throw new IllegalArgumentException("topic must not hold quotes or backslashes: " + topic);
        }
        String func = "const res = msg.res; const req = msg.req;\\n"
                + "delete msg.res; delete msg.req;\\n"
                + "res.code = '2.04';\\n"
                + "res.end();\\n"
                + "msg.topic = '" + topic + "';\\n"
                + "msg.qos = 1;\\n"
                + "msg.retain = false;\\n"
                + "msg.payload = req.payload;\\n"
                + "return msg;";
        List<String> nodes = new ArrayList<>();
        nodes.add("{\"id\": \"tab\", \"type\": \"tab\", \"label\": \"cityhub benchmark peer\"}");
        nodes.add(String.format(Locale.ROOT, "{\"id\": \"coapserver\", \"type\": \"coap-server\", \"name\": "
                + "\"coap :%d\", \"port\": \"%d\", \"ipv6\": false}", coapPort, coapPort));
        nodes.add(String.format(Locale.ROOT, "{\"id\": \"broker\", \"type\": \"mqtt-broker\", \"name\": \"mosquitto\","
                + " \"broker\": \"127.0.0.1\", \"port\": \"%d\", \"clientid\": \"cityhub-bench-peer\","
                + " \"autoConnect\": true, \"usetls\": false, \"protocolVersion\": \"4\", \"keepalive\": \"60\","
                + " \"cleansession\": true, \"autoUnsubscribe\": true, \"birthTopic\": \"\", \"closeTopic\": \"\","
                + " \"willTopic\": \"\", \"userProps\": \"\", \"sessionExpiry\": \"\"}", brokerPort));
        nodes.add("{\"id\": \"coapin\", \"type\": \"coap in\", \"z\": \"tab\", \"name\": \"POST /" + PATH + "\","
                + " \"method\": \"POST\", \"url\": \"/" + PATH + "\", \"server\": \"coapserver\","
                + " \"x\": 120, \"y\": 80, \"wires\": [[\"answer\"]]}");
        nodes.add("{\"id\": \"answer\", \"type\": \"function\", \"z\": \"tab\", \"name\": \"2.04 now, pass on\","
                + " \"outputs\": 1, \"func\": \"" + func + "\", \"initialize\": \"\", \"finalize\": \"\","
                + " \"libs\": [], \"x\": 320, \"y\": 80, \"wires\": [[\"mqttout\"]]}");
        nodes.add("{\"id\": \"mqttout\", \"type\": \"mqtt out\", \"z\": \"tab\", \"name\": \"QoS 1\", \"topic\": \"\","
                + " \"qos\": \"1\", \"retain\": \"false\", \"broker\": \"broker\", \"x\": 520, \"y\": 80,"
                + " \"wires\": []}");
        return "[\n  " + String.join(",\n  ", nodes) + "\n]\n";
    }

    int coapPort() {
        return coapPort;
    }

    Path log() {
        return userDir.resolve("node-red.log");
    }

    /** Starts {@code node red.js} on this run's user directory. */
    void start() throws IOException {
        Path red = install.resolve("node_modules/node-red/red.js");
        process = new ProcessBuilder("node", red.toString(), "-u", userDir.toString(), "-s",
                userDir.resolve("settings.js").toString())
                .directory(install.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** For a shutdown hook: no waiting. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }
}
