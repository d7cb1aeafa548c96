package io.cityhub.sensor.coap.internal;

import static io.cityhub.sensor.coap.internal.DtlsClients.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, CoAPS: DTLS 1.2 with a pre-shared key per device identity, driven by Scandium clients on loopback
 * against the real server and the real ingest pipeline.
 */
@Timeout(90)
class CoapsPskTest {

    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";
    /** A refused handshake shows as no answer; long enough for a loaded 2-core machine to finish a good one. */
    private static final Duration REFUSED = Duration.ofSeconds(6);
    private static final Duration ANSWERED = Duration.ofSeconds(20);

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final DtlsClients dtls = new DtlsClients();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        dtls.close();
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    private void startWithDevice(boolean plainToo) {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(plainToo), fixture.ingest);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
    }

    private static CoapResponse post(DtlsClients.Client client, String uri) throws Exception {
        client.coap().setURI(uri);
        return client.coap().post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);
    }

    /** @return the answer, or null if none came (Californium's client returns null on timeout, or throws) */
    private static CoapResponse postOrNothing(DtlsClients.Client client, String uri) {
        try {
            return post(client, uri);
        } catch (IOException | ConnectorException e) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesAHandshakeWithTheWrongKeyAndStoresNothing() throws Exception {
        startWithDevice(true);
        DtlsClients.Client wrongKey = dtls.client("serial-0007", "incorrect horse battery", REFUSED);

        assertThat(postOrNothing(wrongKey, uri(server, "/readings"))).as("answer without a session").isNull();

        assertThat(wrongKey.handshakes()).hasValue(0);
        assertThat(fixture.buffer.durable()).isEmpty();
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
        // a Finished under the wrong key fails its MAC check (DTLS drops it silently, RFC 6347 §4.1.2.7): the server
        // ends that handshake at once and counts it, once however often the client retransmits its Finished
        assertThat(server.health().get("dtls.handshakeFailures")).isEqualTo(1L);
    }

    @Test
    void refusesAnUnknownIdentityWithoutASession() throws Exception {
        startWithDevice(true);
        DtlsClients.Client stranger = dtls.client("serial-9999", "correct horse battery", REFUSED);

        assertThat(postOrNothing(stranger, uri(server, "/readings"))).as("answer without a session").isNull();

        assertThat(stranger.handshakes()).hasValue(0);
        assertThat(fixture.buffer.durable()).isEmpty();
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
        assertThat(server.health().get("dtls.handshakeFailures")).isEqualTo(1L);
    }

    @Test
    void aDevicePostingAsAnotherSensorGets403() throws Exception {
        startWithDevice(true);
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);

        CoapResponse response = post(device, uri(server, "/readings/meter-8"));

        assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(response.getResponseText()).contains("meter-7");
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void aDevicePostsAsItselfWithOrWithoutItsIdInThePath() throws Exception {
        startWithDevice(true);
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);

        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post(device, uri(server, "/readings/meter-7")).getCode()).isEqualTo(ResponseCode.CHANGED);

        assertThat(fixture.buffer.durable()).hasSize(2).extracting(Reading::sensorId).containsOnly("meter-7");
        assertThat(fixture.buffer.durable().get(0).source().attributes()).containsEntry("dtls.identity", "serial-0007");
        assertThat(device.handshakes()).hasValue(1);
    }

    @Test
    void aDtlsDeviceCannotPostOverPlainCoap() throws Exception {
        startWithDevice(true);
        var plain = fixture.singleDatagramClient();
        plain.setURI(LoopbackFixture.uri(server, "/readings/meter-7"));

        CoapResponse response = plain.post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void plainCoapCanBeSwitchedOff() throws Exception {
        startWithDevice(false);

        assertThat(server.health()).containsEntry("endpoint", "off");
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void aRemovedDeviceCanNoLongerPostOnItsOpenSession() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true), fixture.ingest);
        CoapDevice device = TestDevices.dtls("meter-7", "serial-0007", "correct horse battery");
        server.addDevice(device);
        DtlsClients.Client client = dtls.client("serial-0007", "correct horse battery", REFUSED);
        assertThat(post(client, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);

        server.removeDevice(device);

        // its session was dropped, and a new handshake is refused; at most a session still open gets 4.01
        CoapResponse after = postOrNothing(client, uri(server, "/readings"));
        assertThat(after == null || after.getCode() == ResponseCode.UNAUTHORIZED).as("answer %s", after).isTrue();
        assertThat(fixture.buffer.durable()).hasSize(1);
    }

    @Test
    void sessionsSurviveAReopenedSocketWithoutANewHandshake() throws Exception {
        startWithDevice(true);
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        int port = server.dtlsAddress().getPort();

        // a socket attribute change closes the sockets and opens new ones on the same DTLS port
        server.modified(TestConfig.LOOPBACK.withDtlsBind("127.0.0.1", port).withMaxActivePeers(100));

        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(device.handshakes()).hasValue(1);
        assertThat(server.health()).containsEntry("dtls.handshakes", 1L);
        assertThat(fixture.buffer.durable()).hasSize(2);
    }

    @Test
    void aRestartedComponentTakesTheOpenSessionsWithoutAHandshake() throws Exception {
        DtlsSessions sessions = new DtlsSessions();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true), fixture.ingest, sessions, null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        int port = server.dtlsAddress().getPort();

        // SCR deactivates the component and activates a new instance; the sessions component stays
        server.deactivate();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtlsBind("127.0.0.1", port), fixture.ingest, sessions,
                null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));

        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(device.handshakes()).hasValue(1);
        assertThat(server.health()).containsEntry("dtls.handshakes", 0L);
        assertThat(fixture.buffer.durable()).hasSize(2);
    }

    @Test
    void aDeviceResumesItsSessionWithAnAbbreviatedHandshakeAfterARestart() throws Exception {
        DtlsSessions sessions = new DtlsSessions();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true), fixture.ingest, sessions, null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", ANSWERED);
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        int port = server.dtlsAddress().getPort();
        server.deactivate();
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtlsBind("127.0.0.1", port), fixture.ingest, sessions,
                null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));

        // the device starts a new handshake offering its session id, as one does after it lost its connection
        device.connector().forceResumeAllSessions();
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);

        assertThat(device.handshakes()).hasValue(2);
        // the server counts an abbreviated handshake only when it found the session (ResumingServerHandshaker); the
        // client's ResumingClientHandshaker would also complete a full handshake the server fell back to
        assertThat(server.health()).containsEntry("dtls.handshakes", 1L).containsEntry("dtls.resumedHandshakes", 1L);
        assertThat(fixture.buffer.durable()).hasSize(2).extracting(Reading::sensorId).containsOnly("meter-7");
    }

    @Test
    void withoutTheKeptSessionsNoDeviceResumesAndNewHandshakesAreFull() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtls(true), fixture.ingest, new DtlsSessions(), null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));
        DtlsClients.Client device = dtls.client("serial-0007", "correct horse battery", REFUSED);
        assertThat(post(device, uri(server, "/readings")).getCode()).isEqualTo(ResponseCode.CHANGED);
        int port = server.dtlsAddress().getPort();
        server.deactivate();
        // a restart of the bundle or the framework: the sessions are gone
        server = new CoapSensorServer(TestConfig.LOOPBACK.withDtlsBind("127.0.0.1", port), fixture.ingest,
                new DtlsSessions(), null);
        server.addDevice(TestDevices.dtls("meter-7", "serial-0007", "correct horse battery"));

        // the device offers its session id; the server does not know it and falls back to a full handshake with a
        // new session (Scandium's client then refuses to send the request made for the old one)
        device.connector().forceResumeAllSessions();
        postOrNothing(device, uri(server, "/readings"));
        DtlsClients.Client fresh = dtls.client("serial-0007", "correct horse battery", ANSWERED);
        CoapResponse afterFullHandshake = post(fresh, uri(server, "/readings"));

        assertThat(afterFullHandshake.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(server.health()).containsEntry("dtls.resumedHandshakes", 0L);
        assertThat((Long) server.health().get("dtls.handshakes")).isPositive();
    }
}
