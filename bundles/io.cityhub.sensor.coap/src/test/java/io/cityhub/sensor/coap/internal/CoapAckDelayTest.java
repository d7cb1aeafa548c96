package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.BufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The answer to a confirmable POST rides on its ACK when the readings are durable within {@code ack.delay.ms}
 * (RFC 7252 §5.2.1); when the outbox takes longer, an empty ACK goes out at the delay, so the sensor stops
 * retransmitting, and the answer follows as a confirmable separate response (§5.2.2). Real Californium clients on
 * loopback, the real ingest pipeline, an outbox the test holds.
 */
@Timeout(60)
class CoapAckDelayTest {

    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void aQuickAnswerRidesOnTheAck() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();

        for (int i = 0; i < 3; i++) {
            CoapResponse response = post(client, "/readings/a");
            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(response.advanced().getType()).isEqualTo(Type.ACK);
        }

        assertThat(fixture.buffer.durable()).extracting(Reading::sensorId).containsExactly("a", "a", "a");
        assertThat(server.health()).containsEntry("answers.piggybacked", 3L).containsEntry("answers.separate", 0L);
    }

    @Test
    void aSlowOutboxGetsAnEmptyAckAtTheDelayAndTheAnswerSeparately() throws Exception {
        fixture.buffer.holdAppends();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withAckDelay(50), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        CountDownLatch acknowledged = new CountDownLatch(1);
        AtomicInteger retransmissions = new AtomicInteger();
        Request request = Request.newPost().setURI(LoopbackFixture.uri(server, "/readings/a"));
        request.setPayload(SENML.getBytes(StandardCharsets.UTF_8));
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_SENML_JSON);
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onAcknowledgement() {
                acknowledged.countDown();
            }

            @Override
            public void onRetransmission() {
                retransmissions.incrementAndGet();
            }
        });

        request.send(client.getEndpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.buffer.held().size() == 1);

        // the outbox has not answered: the sensor still hears the empty ACK, long before its 2 s ACK_TIMEOUT
        assertThat(acknowledged.await(1_500, TimeUnit.MILLISECONDS)).as("empty ACK while the outbox holds").isTrue();
        assertThat(request.getResponse()).isNull();
        assertThat(retransmissions).hasValue(0);

        fixture.buffer.held().get(0).complete(null);

        Response response = request.waitForResponse(10_000);
        assertThat(response).as("separate answer").isNotNull();
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.getType()).isEqualTo(Type.CON);
        assertThat(response.getPayloadString()).isEqualTo("accepted=1 filtered=0 rejected=0");
        assertThat(server.health()).containsEntry("answers.piggybacked", 0L).containsEntry("answers.separate", 1L);
    }

    @Test
    void delayZeroAcknowledgesAtOnce() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withAckDelay(0), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();

        CoapResponse response = post(client, "/readings/a");

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(Type.CON);
        assertThat(server.health()).containsEntry("answers.separate", 1L).containsEntry("answers.piggybacked", 0L);
    }

    @Test
    void theDelayChangesWithoutARestart() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withAckDelay(0), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        assertThat(post(client, "/readings/a").advanced().getType()).isEqualTo(Type.CON);

        server.modified(TestConfig.LOOPBACK.withAckDelay(500));

        assertThat(post(client, "/readings/a").advanced().getType()).isEqualTo(Type.ACK);
    }

    @Test
    void aNonConfirmableRequestGetsANonConfirmableAnswer() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        client.useNONs();

        CoapResponse response = post(client, "/readings/a");

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(Type.NON);
        assertThat(server.health()).containsEntry("answers.piggybacked", 0L).containsEntry("answers.separate", 0L);
    }

    @Test
    void aRefusedOutboxIsAnsweredOnTheAckWithItsMaxAge() throws Exception {
        fixture.buffer.holdAppends();
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        client.setURI(LoopbackFixture.uri(server, "/readings/a"));
        CompletableFuture<CoapResponse> pending = new CompletableFuture<>();
        client.post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                pending.complete(response);
            }

            @Override
            public void onError() {
                pending.completeExceptionally(new AssertionError("no answer"));
            }
        }, SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.buffer.held().size() == 1);

        fixture.buffer.held().get(0).completeExceptionally(new BufferException("disk full", null));

        CoapResponse response = pending.get(10, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(response.getOptions().getMaxAge()).isEqualTo(30L);
        assertThat(response.getResponseText()).contains("disk full");
    }

    private CoapResponse post(CoapClient client, String path) throws Exception {
        client.setURI(LoopbackFixture.uri(server, path));
        return client.post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);
    }
}
