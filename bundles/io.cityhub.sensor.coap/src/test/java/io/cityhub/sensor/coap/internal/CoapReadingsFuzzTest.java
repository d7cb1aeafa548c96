package io.cityhub.sensor.coap.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The readings resource end to end over loopback: a real Californium client sends a POST whose URI path, Content-Format
 * and payload come from the fuzzer to the real server wired to the real ingest pipeline and SenML codecs. Each fuzz
 * request must get an answer that is not 5.00 (an unexpected failure inside the gateway), and a good reading sent
 * right after it must still be accepted and reach the outbox: no input may stop the readings behind it (a NUL in a
 * sensor id once stopped the uplink).
 *
 * <p>Every build replays the kept inputs in {@code CoapReadingsFuzzTestInputs/}; {@code ./cityhub fuzz coap}
 * explores (a few hundred requests per second on loopback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapReadingsFuzzTest {

    private static final int[] FORMATS = {MediaTypeRegistry.APPLICATION_SENML_JSON,
        MediaTypeRegistry.APPLICATION_SENML_CBOR, MediaTypeRegistry.APPLICATION_JSON, MediaTypeRegistry.TEXT_PLAIN,
        MediaTypeRegistry.UNDEFINED};
    /** What a sensor may be told; 5.00 would mean an exception escaped somewhere behind the resource. */
    private static final Set<ResponseCode> EXPECTED = Set.of(ResponseCode.CHANGED, ResponseCode.BAD_REQUEST,
            ResponseCode.NOT_FOUND, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, ResponseCode.REQUEST_ENTITY_TOO_LARGE,
            ResponseCode.BAD_OPTION, ResponseCode.METHOD_NOT_ALLOWED);
    private static final byte[] GOOD_READING =
            "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]".getBytes(StandardCharsets.UTF_8);
    /**
     * Requests per client: one client's message ids (16 bits) are used up after 65,536 requests within the exchange
     * lifetime (RFC 7252 §4.8.2, about 247 s), which fuzzing reaches in under two minutes.
     */
    private static final int REQUESTS_PER_CLIENT = 20_000;

    private LoopbackFixture fixture;
    private CoapSensorServer server;
    private CoapClient client;
    private int requests;

    @BeforeAll
    void startServer() {
        fixture = new LoopbackFixture();
        server = new CoapSensorServer(TestConfig.LOOPBACK.options(), fixture.ingest, fixture.clock);
        client = fixture.singleDatagramClient();
    }

    @AfterAll
    void stopServer() {
        fixture.close();
        server.deactivate();
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(30)
    void anyRequestIsAnsweredAndTheNextGoodReadingAccepted(FuzzedDataProvider data) throws Exception {
        int format =
                data.consumeBoolean() ? FORMATS[data.consumeInt(0, FORMATS.length - 1)] : data.consumeInt(0, 65535);
        List<String> path = new ArrayList<>();
        int segments = data.consumeInt(0, 3);
        for (int i = 0; i < segments; i++) {
            path.add(i == 0 && data.consumeBoolean() ? "readings" : data.consumeString(40));
        }
        byte[] payload = data.consumeRemainingAsBytes();

        Request fuzz = Request.newPost();
        fuzz.setURI(LoopbackFixture.uri(server, ""));
        try {
            fuzz.getOptions().setContentFormat(format);
            path.forEach(fuzz.getOptions()::addUriPath);
        } catch (IllegalArgumentException notSendable) {
            return; // the client refuses to encode it (e.g. an option longer than RFC 7252 allows): nothing sent
        }
        fuzz.setPayload(payload);
        requests += 2;
        if (requests >= REQUESTS_PER_CLIENT) {
            requests = 0;
            client = fixture.singleDatagramClient();
        }
        CoapResponse answer = client.advanced(fuzz);
        if (answer == null) {
            throw new AssertionError("no answer to POST " + path + " format " + format);
        }
        if (!EXPECTED.contains(answer.getCode())) {
            throw new AssertionError("POST " + path + " format " + format + " answered " + answer.getCode() + " "
                    + answer.getResponseText());
        }

        int before = fixture.buffer.durable.size();
        Request good = Request.newPost();
        good.setURI(LoopbackFixture.uri(server, "/readings/fuzz-check"));
        good.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_SENML_JSON);
        good.setPayload(GOOD_READING);
        CoapResponse accepted = client.advanced(good);
        if (accepted == null || accepted.getCode() != ResponseCode.CHANGED
                || !accepted.getResponseText().startsWith("accepted=1")) {
            throw new AssertionError("a good reading after POST " + path + " format " + format + " got "
                    + (accepted == null ? "no answer" : accepted.getCode() + " " + accepted.getResponseText()));
        }
        if (fixture.buffer.durable.size() != before + 1) {
            throw new AssertionError("the good reading was answered but " + (fixture.buffer.durable.size() - before)
                    + " readings reached the outbox");
        }
    }
}
