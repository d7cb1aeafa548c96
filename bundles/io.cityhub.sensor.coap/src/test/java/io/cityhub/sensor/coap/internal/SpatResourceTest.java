package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /spat} and {@code /spat/<intersection>} with a Californium client on loopback (RFC 7252, RFC 7641). */
@Timeout(120)
class SpatResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-12-01T04:00:00Z");

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final List<CoapClient> clients = new ArrayList<>();
    private CoapSensorServer server;

    @BeforeEach
    void start() {
        server = new CoapSensorServer(TestConfig.LOOPBACK.options(), fixture.ingest, fixture.clock);
    }

    @AfterEach
    void stop() {
        clients.forEach(CoapClient::shutdown);
        fixture.close();
        server.deactivate();
    }

    @Test
    void anIntersectionNotHeardIsNotFoundAndTheListIsEmpty() throws Exception {
        CoapResponse missing = client("/spat/nowhere").get();
        assertThat(missing.getCode()).isEqualTo(ResponseCode.NOT_FOUND);

        CoapResponse list = client("/spat").get();
        assertThat(list.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(list.getResponseText()).isEqualTo("[]");
    }

    @Test
    void servesTheNewestTimingOfEachIntersectionAsJsonAndListsThem() throws Exception {
        server.signalTiming(timing("t-junction", 100));
        server.signalTiming(timing("t-junction", 200));
        server.signalTiming(timing("ring/north", 300));
        await().atMost(TIMEOUT).until(() -> client("/spat").get().getResponseText()
                .equals("[\"ring_north\",\"t-junction\"]"));

        CoapResponse response = client("/spat/t-junction").get();
        assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
        assertThat(response.getResponseText()).isEqualTo(timing("t-junction", 200).toJson());
        assertThat(client("/spat/ring_north").get().getResponseText()).contains("\"minEndTime\":300,");
    }

    @Test
    void keepsServingAcrossASocketReopen() throws Exception {
        server.signalTiming(timing("t-junction", 100));
        await().atMost(TIMEOUT).until(() -> client("/spat/t-junction").get().getCode() == ResponseCode.CONTENT);
        int newPort;
        try (java.net.DatagramSocket probe =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            newPort = probe.getLocalPort();
        }
        server.modified(TestConfig.LOOPBACK.withBind("127.0.0.1", newPort));

        assertThat(client("/spat/t-junction").get().getResponseText()).isEqualTo(timing("t-junction", 100).toJson());
        server.signalTiming(timing("t-junction", 150));
        await().atMost(TIMEOUT).until(() -> client("/spat/t-junction").get().getResponseText()
                .contains("\"minEndTime\":150,"));
    }

    @Test
    void notifiesObserversOfEveryChangeNonConfirmableWithARegularConfirmableOne() throws Exception {
        server.signalTiming(timing("t-junction", 0));
        await().atMost(TIMEOUT).until(() -> client("/spat/t-junction").get().getCode() == ResponseCode.CONTENT);
        Heard heard = new Heard();
        CoapObserveRelation relation = client("/spat/t-junction").observe(heard);
        await().atMost(TIMEOUT).until(() -> heard.responses.size() == 1);

        int changes = 2 * SpatResource.CON_EVERY_NOTIFICATIONS + 5;
        for (int i = 1; i <= changes; i++) {
            server.signalTiming(timing("t-junction", i));
            int expected = i + 1;
            // one change at a time: changes faster than the notifier are coalesced, so this counts each one
            await().atMost(TIMEOUT).until(() -> heard.responses.size() == expected);
        }
        List<CoapResponse> responses = List.copyOf(heard.responses);
        relation.proactiveCancel(); // its answer (no Observe option) is not a notification

        List<String> texts = responses.stream().map(CoapResponse::getResponseText).toList();
        for (int i = 0; i <= changes; i++) {
            assertThat(texts.get(i)).isEqualTo(timing("t-junction", i).toJson());
        }
        List<Type> notificationTypes = responses.subList(1, responses.size()).stream()
                .map(r -> r.advanced().getType()).toList();
        assertThat(notificationTypes).filteredOn(t -> t == Type.CON).as("confirmable notifications").hasSizeBetween(2,
                3);
        assertThat(notificationTypes).filteredOn(t -> t == Type.NON).hasSizeGreaterThanOrEqualTo(changes - 3);
        assertThat(responses).allSatisfy(r -> assertThat(r.getOptions().hasObserve()).isTrue());
    }

    @Test
    void theListIsNotifiedWhenAnIntersectionAppears() throws Exception {
        Heard heard = new Heard();
        client("/spat").observe(heard);
        await().atMost(TIMEOUT).until(() -> heard.responses.size() == 1);
        assertThat(heard.responses.get(0).getResponseText()).isEqualTo("[]");

        server.signalTiming(timing("crossing", 0));

        await().atMost(TIMEOUT).until(() -> heard.responses.size() == 2);
        assertThat(heard.responses.get(1).getResponseText()).isEqualTo("[\"crossing\"]");
    }

    private CoapClient client(String path) {
        CoapClient client = new CoapClient("coap://127.0.0.1:" + server.address().getPort() + path);
        client.setEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(Configuration.getStandard()).build());
        client.setTimeout(20_000L);
        clients.add(client);
        return client;
    }

    static SignalTiming timing(String intersection, int mark) {
        return new SignalTiming(intersection, T0.plusMillis(mark * 100L), List.of(
                new MovementTiming("main", 6, mark, MovementTiming.UNKNOWN, mark + 10, 8),
                new MovementTiming("side", 3, mark + 40, MovementTiming.UNKNOWN, mark + 50, 8)));
    }

    /** Records every response of an observation, in arrival order. */
    static final class Heard implements CoapHandler {
        final List<CoapResponse> responses = new CopyOnWriteArrayList<>();

        @Override
        public void onLoad(CoapResponse response) {
            responses.add(response);
        }

        @Override
        public void onError() {
            // a failed observation shows as missing responses, which the tests await
        }
    }
}
