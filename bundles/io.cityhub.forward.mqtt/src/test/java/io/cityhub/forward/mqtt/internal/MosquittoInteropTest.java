package io.cityhub.forward.mqtt.internal;

import static io.cityhub.forward.mqtt.internal.ForwarderHarness.connected;
import static io.cityhub.forward.mqtt.internal.ForwarderHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.testing.FreePorts;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a real mosquitto process (Debian package {@code mosquitto}): TLS with CA and hostname verification,
 * client certificates (PEM and PKCS#12), username/password, requests, and a broker restart mid-stream.
 */
class MosquittoInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REFUSED_FOR = Duration.ofMillis(1500);

    @TempDir
    Path dir;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private int plainPort;
    private int securePort;

    @BeforeAll
    static void requireMosquitto() {
        Assumptions.assumeTrue(Files.isExecutable(MosquittoProcess.BINARY),
                "mosquitto interop tests skipped: /usr/sbin/mosquitto is absent (apt-get install mosquitto)");
    }

    @BeforeEach
    void ports() {
        plainPort = FreePorts.tcp();
        securePort = FreePorts.tcp();
    }

    @AfterEach
    void stopAll() throws Exception {
        harness.close();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void deliversOverTlsVerifiedAgainstTheConfiguredCaWithRetainedStatus() throws Exception {
        TestPki pki = new TestPki(dir, "ca");
        TestPki.Issued server = pki.server("server", "localhost", true);
        start(List.of("per_listener_settings true",
                "listener " + plainPort + " 127.0.0.1", "allow_anonymous true",
                "listener " + securePort + " 127.0.0.1", "allow_anonymous true",
                "cafile " + pki.ca().certPem(), "certfile " + server.certPem(), "keyfile " + server.keyPem()));
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
        List<Reading> readings = Fixtures.temperatures("s-1", 120);
        buffer.append(readings);

        MqttForwarder forwarder = harness.start(with(ForwarderHarness.defaults("ssl://localhost:" + securePort),
                "tls.ca.path", pki.ca().certPem().toString()), buffer);

        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        assertThat(connected(forwarder)).isTrue();
        try (TestSubscriber platform = subscriber("cityhub/gw-1/status")) {
            await().atMost(TIMEOUT).until(() -> !platform.messages().isEmpty());
            assertThat(platform.messages().get(0).retained()).isTrue();
            assertThat(platform.messages().get(0).text()).contains("\"online\"");
        }
    }

    @Test
    void refusesBrokersWhoseCertificateNamesAnotherHostOrComesFromAnotherCa() throws Exception {
        TestPki pki = new TestPki(dir, "ca");
        TestPki.Issued wrongName = pki.server("server", "other.example", false);
        TestPki stranger = new TestPki(Files.createDirectory(dir.resolve("stranger")), "stranger-ca");
        start(List.of("listener " + securePort + " 127.0.0.1", "allow_anonymous true",
                "cafile " + pki.ca().certPem(), "certfile " + wrongName.certPem(), "keyfile " + wrongName.keyPem()));
        Map<String, Object> tls = with(ForwarderHarness.defaults("ssl://localhost:" + securePort),
                "tls.ca.path", pki.ca().certPem().toString());

        MqttForwarder verifying = harness.start(tls, new InMemoryReadingBuffer());
        MqttForwarder untrusting = harness.start(with(tls, "gateway.id", "gw-3",
                "tls.ca.path", stranger.ca().certPem().toString(), "tls.hostname.verification", false),
                new InMemoryReadingBuffer());
        // control: same chain without the name check connects, so the refusal above is the hostname check
        MqttForwarder notVerifying = harness.start(with(tls, "gateway.id", "gw-2", "tls.hostname.verification", false),
                new InMemoryReadingBuffer());

        await().atMost(TIMEOUT).until(() -> connected(notVerifying));
        await().during(REFUSED_FOR).atMost(TIMEOUT).until(() -> !connected(verifying) && !connected(untrusting));
    }

    @Test
    void authenticatesWithClientCertificatesFromPemOrPkcs12() throws Exception {
        TestPki pki = new TestPki(dir, "ca");
        TestPki.Issued server = pki.server("server", "localhost", true);
        TestPki.Issued client = pki.client("client", "gw-1");
        Path p12 = pki.pkcs12(pki.client("client2", "gw-2"), "client2", "p12-secret".toCharArray());
        start(List.of("per_listener_settings true",
                "listener " + plainPort + " 127.0.0.1", "allow_anonymous true",
                "listener " + securePort + " 127.0.0.1", "allow_anonymous false",
                "require_certificate true", "use_identity_as_username true",
                "cafile " + pki.ca().certPem(), "certfile " + server.certPem(), "keyfile " + server.keyPem()));
        Map<String, Object> tls = with(ForwarderHarness.defaults("ssl://localhost:" + securePort),
                "tls.ca.path", pki.ca().certPem().toString());
        InMemoryReadingBuffer pemBuffer = new InMemoryReadingBuffer();
        pemBuffer.append(Fixtures.temperatures("s-1", 40));

        MqttForwarder pem = harness.start(with(tls, "tls.client.cert.path", client.certPem().toString(),
                "tls.client.key.path", client.keyPem().toString()), pemBuffer);
        MqttForwarder pkcs12 = harness.start(with(tls, "gateway.id", "gw-2", "tls.client.cert.path", p12.toString(),
                "tls.client.keystore.password",
                new String(MqttForwarderOptionsTest.FAKE_KURA_CRYPTO.encryptAes("p12-secret".toCharArray()))),
                new InMemoryReadingBuffer(), MqttForwarderOptionsTest.FAKE_KURA_CRYPTO);
        MqttForwarder anonymous = harness.start(with(tls, "gateway.id", "gw-3"), new InMemoryReadingBuffer());

        await().atMost(TIMEOUT).until(() -> pemBuffer.pendingCount() == 0);
        await().atMost(TIMEOUT).until(() -> connected(pkcs12));
        assertThat(connected(pem)).isTrue();
        await().during(REFUSED_FOR).atMost(TIMEOUT).until(() -> !connected(anonymous));
    }

    @Test
    void authenticatesWithUsernameAndKuraEncryptedPassword() throws Exception {
        Path passwords = dir.resolve("passwords");
        MosquittoProcess.addPassword(passwords, "gw-1", "s3cret");
        start(List.of("per_listener_settings true",
                "listener " + plainPort + " 127.0.0.1", "allow_anonymous false", "password_file " + passwords));
        String encrypted = new String(MqttForwarderOptionsTest.FAKE_KURA_CRYPTO.encryptAes("s3cret".toCharArray()));
        Map<String, Object> base = with(ForwarderHarness.defaults("tcp://127.0.0.1:" + plainPort), "username", "gw-1");
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
        buffer.append(Fixtures.temperatures("s-1", 40));

        harness.start(with(base, "password", encrypted), buffer, MqttForwarderOptionsTest.FAKE_KURA_CRYPTO);
        InMemoryReadingBuffer refusedBuffer = new InMemoryReadingBuffer();
        refusedBuffer.append(Fixtures.temperatures("s-2", 5));
        MqttForwarder wrong = harness.start(with(base, "gateway.id", "gw-2",
                "password", new String(MqttForwarderOptionsTest.FAKE_KURA_CRYPTO.encryptAes("guess".toCharArray()))),
                refusedBuffer, MqttForwarderOptionsTest.FAKE_KURA_CRYPTO);

        await().atMost(TIMEOUT).until(() -> buffer.pendingCount() == 0);
        await().during(REFUSED_FOR).atMost(TIMEOUT).until(() -> !connected(wrong));
        assertThat(refusedBuffer.pendingCount()).isEqualTo(5);
    }

    @Test
    void restartMidStreamLosesNothingAndAnswersRequestsAfterwards() throws Exception {
        start(List.of("listener " + plainPort + " 127.0.0.1", "allow_anonymous true",
                "persistence true", "persistence_location " + dir + "/", "autosave_interval 1"));
        // a durable platform session (clean session off): mosquitto queues for it across the restart
        MqttConnectOptions durable = new MqttConnectOptions();
        durable.setCleanSession(false);
        durable.setAutomaticReconnect(true);
        durable.setMaxReconnectDelay(200);
        TestSubscriber platform = new TestSubscriber("tcp://127.0.0.1:" + plainPort, "cityhub/gw-1/#", durable);
        closeables.add(platform);
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
        List<Reading> all = new ArrayList<>();
        for (String sensor : List.of("a", "b")) {
            all.addAll(Fixtures.temperatures(sensor, 600));
        }
        buffer.append(all);
        MqttForwarder forwarder = harness.start(
                with(ForwarderHarness.defaults("tcp://127.0.0.1:" + plainPort), "rate.messages.per.second", 40.0),
                buffer);
        await().atMost(TIMEOUT).until(() -> buffer.delivered() >= 200);

        MosquittoProcess broker = (MosquittoProcess) closeables.get(0);
        broker.stop();
        await().atMost(TIMEOUT).until(() -> !connected(forwarder));
        assertThat(buffer.pendingCount()).as("restarted mid-stream").isPositive();
        broker.start();

        await().atMost(Duration.ofSeconds(40)).until(() -> buffer.pendingCount() == 0);
        await().atMost(TIMEOUT).until(() -> telemetryIds(platform).containsAll(all.stream().map(Reading::id).toList()));
        // The platform's own session is QoS 1 too: mosquitto redelivers to it what it had sent without the
        // platform's PUBACK when it went down (with the DUP flag), on top of what the gateway sends again. The
        // gateway's guarantee is about the latter: it sends again only readings of released batches, and only the
        // batches in flight at the drop are released, (window + the one being sent) x batch size.
        List<String> fresh = telemetryIdsInOrder(platform, false);
        assertThat(fresh.size() - new HashSet<>(fresh).size()).as("readings the gateway sent twice")
                .isLessThanOrEqualTo((int) buffer.releasedReadings());
        assertThat(buffer.releasedReadings()).isLessThanOrEqualTo((4 + 1) * 20);

        platform.send("cityhub/gw-1/req/x1", "{\"op\":\"backlog\"}");
        platform.send("cityhub/gw-1/req/x2", "{\"op\":");
        await().atMost(TIMEOUT).until(() -> !platform.on("cityhub/gw-1/res/x1").isEmpty()
                && !platform.on("cityhub/gw-1/res/x2").isEmpty());
        assertThat(platform.on("cityhub/gw-1/res/x1").get(0).text()).contains("\"ok\"").contains("\"pending\":0");
        assertThat(platform.on("cityhub/gw-1/res/x2").get(0).text()).contains("\"error\"").contains("malformed JSON");
    }

    @Test
    void aRequestSentWhileTheGatewayIsCutOffIsAnsweredAfterItReconnects() throws Exception {
        start(List.of("listener " + plainPort + " 127.0.0.1", "allow_anonymous true"));
        PubackDroppingProxy cellular = new PubackDroppingProxy(plainPort);
        closeables.add(cellular);
        TestSubscriber platform = subscriber("cityhub/gw-1/#");
        closeables.add(platform);
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
        List<Reading> all = Fixtures.temperatures("s-1", 400);
        buffer.append(all);
        MqttForwarder forwarder = harness.start(
                with(ForwarderHarness.defaults(cellular.uri()), "rate.messages.per.second", 40.0), buffer);
        await().atMost(TIMEOUT).until(() -> buffer.delivered() >= 100);

        // the link drops mid-stream; broker and platform stay up
        cellular.cut();
        await().atMost(TIMEOUT).until(() -> !connected(forwarder));
        platform.send("cityhub/gw-1/req/while-down", "{\"op\":\"backlog\"}");
        await().during(Duration.ofMillis(800)).atMost(TIMEOUT).until(() -> !connected(forwarder));
        assertThat(platform.on("cityhub/gw-1/res/while-down")).as("nobody could answer yet").isEmpty();

        cellular.restore();

        // the broker kept the request in the gateway's session and hands it over on reconnect
        await().atMost(TIMEOUT).until(() -> !platform.on("cityhub/gw-1/res/while-down").isEmpty());
        assertThat(platform.on("cityhub/gw-1/res/while-down").get(0).text()).contains("\"op\":\"backlog\"")
                .contains("\"status\":\"ok\"");
        // the broker hands the kept request over right after CONNACK, so the answer can precede the end of the
        // connect sequence (subscribe, unsubscribe of the former filter, online status) that counts the connection
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(forwarder.health()).containsEntry("connects", 2L));
        // and the stream resumes: every reading acknowledged once, none lost
        await().atMost(Duration.ofSeconds(40)).until(() -> buffer.pendingCount() == 0);
        assertThat(buffer.delivered()).isEqualTo(all.size());
        await().atMost(TIMEOUT).until(() -> telemetryIds(platform).containsAll(all.stream().map(Reading::id).toList()));
    }

    private static Set<String> telemetryIds(TestSubscriber platform) throws Exception {
        return new HashSet<>(telemetryIdsInOrder(platform, true));
    }

    /** @param withRedeliveries whether to count the broker's redeliveries to the platform (DUP flag set) */
    private static List<String> telemetryIdsInOrder(TestSubscriber platform, boolean withRedeliveries)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (TestSubscriber.Message m : platform.messages()) {
            if (m.topic().contains("/telemetry/") && (withRedeliveries || !m.duplicate())) {
                ids.addAll(JacksonTrees.ids(m.payload()));
            }
        }
        return ids;
    }

    private TestSubscriber subscriber(String filter) throws Exception {
        return new TestSubscriber("tcp://127.0.0.1:" + plainPort, filter);
    }

    private void start(List<String> config) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String line : config) {
            if (line.startsWith("listener ")) {
                ports.add(Integer.parseInt(line.split(" ")[1]));
            }
        }
        MosquittoProcess broker = new MosquittoProcess(dir, "mosquitto", config, ports).start();
        closeables.add(0, broker);
    }
}
