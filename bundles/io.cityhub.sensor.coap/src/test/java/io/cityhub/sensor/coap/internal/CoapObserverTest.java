package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, observer: the gateway observes a resource a sensor serves and stores each notification like a POST;
 * it registers again after the sensor rebooted (libcoap's {@code coap-server-notls} restarted on its port), and
 * polls a resource that refuses to be observed.
 */
@Timeout(120)
class CoapObserverTest {

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final List<Process> sensors = new ArrayList<>();
    private CoapSensorServer server;
    private CoapServer pollOnly;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process sensor : sensors) {
            sensor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (pollOnly != null) {
            pollOnly.destroy();
        }
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    private long stored(String sensorId) {
        return fixture.buffer.durable.stream().filter(r -> r.sensorId().equals(sensorId)).count();
    }

    private Process libcoapServer(int port) throws IOException {
        Path binary = Path.of("/usr/bin/coap-server-notls");
        Assumptions.assumeFalse(
                "skip".equals(System.getProperty("cityhub.test.libcoap")), "libcoap skipped on request");
        assertThat(Files.isExecutable(binary)).as("coap-server-notls is not installed: apt-get install libcoap3-bin")
                .isTrue();
        Process process = new ProcessBuilder(binary.toString(), "-A", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        sensors.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void storesNotificationsAndRegistersAgainAfterTheSensorRebooted() throws Exception {
        int port = freePort();
        Process sensor = libcoapServer(port);
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        server.addDevice(TestDevices.plain("clock-1", "", "ticks", "s", 0));
        // libcoap's example server notifies its /time resource every second; ?ticks makes it a number
        server.addObserver(new CoapObserver(new CoapObserverOptions("clock-1",
                URI.create("coap://127.0.0.1:" + port + "/time?ticks"), 0, true, Duration.ofSeconds(1))));

        await().atMost(Duration.ofSeconds(20)).until(() -> stored("clock-1") >= 3);
        assertThat(fixture.buffer.durable.get(0).channel()).isEqualTo("ticks");
        assertThat(fixture.buffer.durable.get(0).value()).isInstanceOf(ReadingValue.NumberValue.class);

        sensor.destroy();
        assertThat(sensor.waitFor(10, TimeUnit.SECONDS)).isTrue();
        libcoapServer(port); // the rebooted sensor knows no observers
        long before = stored("clock-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("clock-1") >= before + 3);
        assertThat((Long) server.health().get("observe.registrations")).isPositive();
    }

    @Test
    void pollsAResourceThatRefusesToBeObserved() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        pollOnly = new CoapServer(Configuration.createStandardWithoutFile());
        pollOnly.addEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(Configuration.createStandardWithoutFile()).build());
        pollOnly.add(new CoapResource("level") { // not observable: answers without an Observe option
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, Integer.toString(gets.incrementAndGet()));
            }
        });
        pollOnly.start();
        int port = pollOnly.getEndpoints().get(0).getAddress().getPort();
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        server.addDevice(TestDevices.plain("tank-1", "", "level", "cm", 0));
        server.addObserver(new CoapObserver(new CoapObserverOptions("tank-1",
                URI.create("coap://127.0.0.1:" + port + "/level"), 0, true, Duration.ofSeconds(1))));

        await().atMost(Duration.ofSeconds(20)).until(() -> stored("tank-1") >= 3);

        assertThat(fixture.buffer.durable).extracting(Reading::value).startsWith(ReadingValue.of(1.0),
                ReadingValue.of(2.0), ReadingValue.of(3.0));
        assertThat((Long) server.health().get("observe.polls")).isPositive();
    }

    /** An observer configuration as SCR builds it. */
    private record Config(String sensor_id, String uri, int content_format, boolean observe, int interval_seconds)
            implements CoapObserverConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return CoapObserverConfig.class;
        }
    }

    @Test
    void refusesAnObserverWithAHostNameOrAnotherScheme() {
        for (String bad : new String[] {"coap://sensor.local/t", "coaps://127.0.0.1/t", "http://127.0.0.1/t", "",
                "coap:///t"}) {
            assertThatThrownBy(() -> CoapObserverOptions.from(new Config("s-1", bad, 0, true, 60))).as(bad)
                    .hasMessageStartingWith(CoapObserver.PID + ": attribute 'uri' has invalid value '" + bad
                            + "'; expected coap://literal-address");
        }
        assertThatThrownBy(() -> CoapObserverOptions.from(new Config("s-1", "coap://[::1]:5683/t", 0, true, 0)))
                .hasMessage(CoapObserver.PID + ": attribute 'interval.seconds' has invalid value '0'; expected an"
                        + " integer from 1 to 86400");
        assertThat(CoapObserverOptions.from(new Config("s-1", "coap://[::1]:5683/t", 0, true, 60)).uri().getPort())
                .isEqualTo(5683);
    }
}
