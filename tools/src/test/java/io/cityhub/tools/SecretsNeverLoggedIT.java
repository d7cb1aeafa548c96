package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.testing.FreePorts;
import io.cityhub.tools.lora.PacketForwarderSimulator;
import io.cityhub.tools.lora.SimulatedLoraDevice;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known secrets configured through the snapshot (the uplink's MQTT password, a LoRa ABP device's NwkSKey and AppSKey,
 * an OTAA device's AppKey, a malformed key of a LoRa device that must fail to activate, and the DTLS pre-shared keys
 * of CoAP devices) never appear in anything the gateway writes or publishes while every flow runs: CoAP and LoRa
 * readings to the broker, an OTAA join, a status request, the refused LoRa device, and over CoAPS (DTLS 1.2 PSK on a
 * loopback port) with libcoap's {@code coap-client-openssl} as the sensor: a reading posted with the right identity
 * and key, a handshake with a wrong key (which must fail, and the wrong key must not show either), and a CoAP device
 * whose key is longer than 64 bytes, which must be refused at activation without showing it. The whole log, every
 * other text file in the gateway's working directory except its stores, and every topic and payload on the broker
 * are searched for each secret as configured, in hex (both cases) and in base64 (standard and URL-safe, with and
 * without padding) of its bytes (of its UTF-8 bytes for the pre-shared keys, which are text). {@code
 * coap-client-openssl} (Debian {@code libcoap3-bin}, which {@code ./cityhub test} installs) must be installed: without
 * it this test fails.
 */
class SecretsNeverLoggedIT {

    private static final String LORA_DEVICE_PID = "io.cityhub.sensor.lora.LoraDevice";
    private static final String COAP_DEVICE_PID = "io.cityhub.sensor.coap.CoapDevice";
    private static final String MQTT_PASSWORD = "uplink-Pa55-7c1e9a4f";
    private static final String NWK_S_KEY = "a1f3c59e2d7b4c8f9e0a6b5d4c3f2e1d";
    private static final String APP_S_KEY = "5e8d2c1b9a7f6e4d3c2b1a0f9e8d7c6b";
    private static final String APP_KEY = "c0ffee4b1d2e3f405162738495a6b7c8";
    /** A key one digit short: the device must be refused, and the refusal must not show it. */
    private static final String BAD_KEY = "d3adb33f0123456789abcdef0123456";
    /** Pre-shared key of the CoAPS device that posts a reading with it. */
    private static final String COAPS_PSK = "river-psk-4f9e2b7a61c3d805";
    private static final String COAPS_IDENTITY = "secret-probe-serial-0042";
    /** Pre-shared key configured for the CoAPS device whose client presents {@link #WRONG_PSK} instead. */
    private static final String KERB_PSK = "kerb-psk-93d1a7e05b6c2f48";
    private static final String KERB_IDENTITY = "kerb-serial-0043";
    /** The key the client of the kerb device presents: the handshake must fail. */
    private static final String WRONG_PSK = "kerb-psk-wr0ng-58e2c4b1d7a9";
    /** 73 bytes, more than the 64 a key may have: the device must be refused, and the refusal must not show it. */
    private static final String LONG_PSK = "long-psk-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String LONG_IDENTITY = "refused-coaps-serial-0044";
    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";
    private static final long ABP_EUI = 0x70b3d57ed0005e01L;
    private static final int ABP_ADDR = 0x260b5e01;
    private static final long OTAA_EUI = 0x70b3d57ed0005e02L;
    private static final long REFUSED_EUI = 0x70b3d57ed0005e03L;
    private static final long JOIN_EUI = 0x70b3d57ed0000001L;
    private static final long CONCENTRATOR_EUI = 0xaa555a0000005e00L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void noSecretAppearsInTheLogFilesOrOnTheBroker() throws Exception {
        Path coapClient = locate("coap-client-openssl");
        assertThat(coapClient).as("coap-client-openssl is not installed: apt-get install libcoap3-bin (./cityhub test"
                + " installs it); this test needs it to post over CoAPS").isNotNull();
        GatewayFixture fixture = new GatewayFixture(work);
        int loraPort = FreePorts.udp();
        int dtlsPort = FreePorts.udp();
        assertThat(LONG_PSK.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(64);
        DemoSnapshot.deriveTyped(fixture.snapshot, fixture.snapshot, Map.of(
                GatewayFixture.MQTT_PID, Map.of(
                        "username", new DemoSnapshot.Value("String", "gateway-user"),
                        "password", new DemoSnapshot.Value("Password", MQTT_PASSWORD)),
                GatewayFixture.LORA_PID, Map.of("port", new DemoSnapshot.Value(null, Integer.toString(loraPort))),
                GatewayFixture.COAP_PID, Map.of(
                        "dtls.enabled", new DemoSnapshot.Value(null, "true"),
                        "dtls.bind.address", new DemoSnapshot.Value(null, "127.0.0.1"),
                        "dtls.port", new DemoSnapshot.Value(null, Integer.toString(dtlsPort)))));
        addDevices(fixture.snapshot);

        List<PlatformStandIn.Received> received = new CopyOnWriteArrayList<>();
        try (PlatformStandIn platform = PlatformStandIn.start(fixture.brokerPort, "#", received::add);
                SimulatedSensor sensor = fixture.sensor("secret-probe");
                PacketForwarderSimulator forwarder = new PacketForwarderSimulator(CONCENTRATOR_EUI,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), loraPort));
                GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
            await("a CoAP reading is accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.parse("2026-11-30T08:00:00Z"), 4.25, 101);
                        return answer != null && answer.accepted();
                    });

            await("the LoRa server answers").atMost(Duration.ofSeconds(30)).until(() -> forwarder.pullData(WAIT));
            SimulatedLoraDevice abp = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, Bytes.fromHex(NWK_S_KEY),
                    Bytes.fromHex(APP_S_KEY));
            assertThat(forwarder.push(abp.uplink(false, 1, new byte[] {0x2a}), 1_000_000L, WAIT)).isTrue();

            SimulatedLoraDevice otaa = SimulatedLoraDevice.otaa(OTAA_EUI, JOIN_EUI, Bytes.fromHex(APP_KEY), 7);
            assertThat(forwarder.push(otaa.joinRequest(), 2_000_000L, WAIT)).isTrue();
            PacketForwarderSimulator.Downlink accept = forwarder.awaitDownlink(WAIT);
            assertThat(accept).as("join accept").isNotNull();
            assertThat(otaa.acceptJoin(accept.phy())).isTrue();
            assertThat(forwarder.push(otaa.uplink(false, 1, new byte[] {0x17}), 9_000_000L, WAIT)).isTrue();

            String coapsUri = "coaps://127.0.0.1:" + dtlsPort + "/readings";
            await("a CoAPS reading is accepted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> coapsPost(coapClient, COAPS_IDENTITY, COAPS_PSK, coapsUri).stream()
                            .anyMatch(line -> line.startsWith("accepted=1 ")));
            List<String> wrongKey = coapsPost(coapClient, KERB_IDENTITY, WRONG_PSK, coapsUri);
            assertThat(wrongKey).as("coap-client-openssl with a wrong key: %s", wrongKey)
                    .noneMatch(line -> line.contains("accepted="));

            platform.publish(
                    "cityhub/cityhub-gw/req/secrets-status", "{\"op\":\"status\"}".getBytes(StandardCharsets.UTF_8));

            await("readings of all four sensors and the status answer reach the broker").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(received).extracting(PlatformStandIn.Received::topic)
                            .anyMatch(t -> t.endsWith("/telemetry/secret-probe"))
                            .anyMatch(t -> t.endsWith("/telemetry/abp-secret-sensor"))
                            .anyMatch(t -> t.endsWith("/telemetry/otaa-secret-sensor"))
                            .anyMatch(t -> t.endsWith("/telemetry/coaps-secret-sensor"))
                            .anyMatch(t -> t.endsWith("/res/secrets-status")));
            String status = received.stream().filter(m -> m.topic().endsWith("/res/secrets-status"))
                    .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
            // a wrong key's Finished record fails its MAC and is dropped silently (RFC 6347 §4.1.2.7): no session
            assertThat(status).as("only the right key's handshake completed").contains("\"dtls.handshakes\":1,");
            await("the refused devices are logged").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gateway.logText()).contains(" ERROR ").contains("nwk.s.key")
                            .containsPattern("ERROR .*" + COAP_DEVICE_PID + ": activation failed: .*attribute 'psk'"
                                    + ".*" + LONG_IDENTITY));
            assertThat(received).extracting(PlatformStandIn.Received::topic)
                    .noneMatch(t -> t.endsWith("/telemetry/kerb-secret-sensor"))
                    .noneMatch(t -> t.endsWith("/telemetry/refused-coaps-sensor"));

            gateway.stop(30);
            try (Stream<Path> snapshots = Files.list(fixture.workDir.resolve("data/snapshots"))) {
                assertThat(snapshots.filter(p -> p.getFileName().toString().matches("snapshot_\\d+\\.xml")))
                        .as("the runtime kept a snapshot of its configuration, scanned below").isNotEmpty();
            }
            String everything = everythingWritten(gateway, received);
            List<String> leaks = new ArrayList<>();
            forms().forEach((name, text) -> everything.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .ifPresent(line -> leaks.add(name + " in: " + line)));
            assertThat(leaks).as("secrets in the gateway's log or on the broker").isEmpty();
        }
    }

    private static String everythingWritten(GatewayProcess gateway, List<PlatformStandIn.Received> received)
            throws IOException {
        StringBuilder all = new StringBuilder(gateway.logText());
        Path dir = gateway.log().getParent();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                // the seed holds the secrets by design; stores (outbox, LoRa sessions) are data, not output; the
                // snapshots the runtime keeps of its configuration (data/snapshots) must hold Password values only as
                // ciphertext
                boolean runtimeSnapshot = file.getParent().endsWith(Path.of("data", "snapshots"));
                if (runtimeSnapshot || name.endsWith(".log") || name.endsWith(".txt") || name.endsWith(".out")
                        || name.endsWith(".err")) {
                    all.append('\n').append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        for (PlatformStandIn.Received message : received) {
            all.append('\n').append(message.topic()).append('\n')
                    .append(new String(message.payload(), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    /** Every secret in every form it could leak in; the key names the secret and the form for the failure message. */
    private static Map<String, String> forms() {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("MQTT password", MQTT_PASSWORD.getBytes(StandardCharsets.UTF_8));
        secrets.put("NwkSKey", HexFormat.of().parseHex(NWK_S_KEY));
        secrets.put("AppSKey", HexFormat.of().parseHex(APP_S_KEY));
        secrets.put("AppKey", HexFormat.of().parseHex(APP_KEY));
        Map<String, String> pskTexts = new LinkedHashMap<>();
        pskTexts.put("CoAPS PSK", COAPS_PSK);
        pskTexts.put("CoAPS PSK of the kerb device", KERB_PSK);
        pskTexts.put("wrong CoAPS PSK of the kerb device's client", WRONG_PSK);
        pskTexts.put("too-long CoAPS PSK", LONG_PSK);
        pskTexts.forEach((name, text) -> secrets.put(name, text.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("MQTT password (plain)", MQTT_PASSWORD);
        forms.put("malformed key (plain)", BAD_KEY);
        pskTexts.forEach((name, text) -> forms.put(name + " (plain)", text));
        secrets.forEach((name, bytes) -> {
            forms.put(name + " (hex)", HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT));
            forms.put(name + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.put(name + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        });
        // compared ignoring case: base64 could then only match more, never miss
        List<String> tooShort = new ArrayList<>();
        forms.forEach((name, text) -> {
            if (text.length() < 16) {
                tooShort.add(name);
            }
        });
        assertThat(tooShort).as("forms short enough to match by chance").isEmpty();
        return forms;
    }

    private static void addDevices(Path snapshot) throws IOException {
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        String devices = device("abpSecretSensor", LORA_DEVICE_PID, Map.of("dev.eui", hex(ABP_EUI, 16),
                        "activation", "ABP", "dev.addr", hex(ABP_ADDR & 0xffffffffL, 8),
                        "sensor.id", "abp-secret-sensor"),
                        Map.of("nwk.s.key", NWK_S_KEY, "app.s.key", APP_S_KEY))
                + device("otaaSecretSensor", LORA_DEVICE_PID, Map.of("dev.eui", hex(OTAA_EUI, 16),
                        "activation", "OTAA", "join.eui", hex(JOIN_EUI, 16), "sensor.id", "otaa-secret-sensor"),
                        Map.of("app.key", APP_KEY))
                + device("refusedSecretSensor", LORA_DEVICE_PID, Map.of("dev.eui", hex(REFUSED_EUI, 16),
                        "activation", "ABP", "dev.addr", hex((ABP_ADDR + 1) & 0xffffffffL, 8),
                        "sensor.id", "refused-sensor"),
                        Map.of("nwk.s.key", BAD_KEY, "app.s.key", APP_S_KEY))
                + device("coapsSecretSensor", COAP_DEVICE_PID, Map.of("sensor.id", "coaps-secret-sensor",
                        "identity", COAPS_IDENTITY), Map.of("psk", COAPS_PSK))
                + device("kerbSecretSensor", COAP_DEVICE_PID, Map.of("sensor.id", "kerb-secret-sensor",
                        "identity", KERB_IDENTITY), Map.of("psk", KERB_PSK))
                + device("refusedCoapsSensor", COAP_DEVICE_PID, Map.of("sensor.id", "refused-coaps-sensor",
                        "identity", LONG_IDENTITY), Map.of("psk", LONG_PSK));
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        Files.writeString(
                snapshot, text.substring(0, end) + devices + "</esf:configurations>\n", StandardCharsets.UTF_8);
    }

    private static String device(String pid, String factoryPid, Map<String, String> strings,
            Map<String, String> passwords) {
        StringBuilder xml = new StringBuilder("  <esf:configuration pid=\"" + pid + "\">\n    <esf:properties>\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kura.service.pid", pid);
        all.put("service.factoryPid", factoryPid);
        all.putAll(strings);
        all.forEach((name, value) -> xml.append(property(name, "String", value)));
        passwords.forEach((name, value) -> xml.append(property(name, "Password", value)));
        return xml.append("    </esf:properties>\n  </esf:configuration>\n").toString();
    }

    private static String property(String name, String type, String value) {
        return "      <esf:property name=\"" + name + "\" type=\"" + type + "\" array=\"false\" encrypted=\"false\">"
                + "<esf:value>" + value + "</esf:value></esf:property>\n";
    }

    private static String hex(long value, int digits) {
        return Bytes.hex(value, digits);
    }

    /**
     * Posts {@link #SENML} over CoAPS with libcoap's client; its output is kept in memory, never in the gateway's
     * working directory (its command line holds the key).
     *
     * @return the client's output lines (the answer's payload, or its errors)
     */
    private static List<String> coapsPost(Path client, String identity, String key, String uri)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        List<String> command = List.of(client.toString(), "-B", "10", "-u", identity, "-k", key, "-m", "post",
                "-t", "110", "-e", SENML, uri);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(client.getFileName() + " did not finish within 60 s posting to " + uri);
        }
        return new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).lines().toList();
    }

    private static Path locate(String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
