package io.cityhub.forward.mqtt.internal;

import io.cityhub.testing.EmbeddedMqttBroker;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.eclipse.kura.crypto.CryptoService;

/** Builds forwarders for tests with fast reconnects and small batches, and tears them down. */
final class ForwarderHarness implements AutoCloseable {

    private final List<MqttForwarder> started = new ArrayList<>();

    static Map<String, Object> defaults(String brokerUri) {
        Map<String, Object> p = new HashMap<>();
        p.put("gateway.id", "gw-1");
        p.put("broker.uris", brokerUri);
        p.put("reconnect.min.millis", 50);
        p.put("reconnect.max.millis", 400);
        p.put("batch.size", 20);
        p.put("inflight.window", 4);
        p.put("message.max.bytes", 2000);
        p.put("status.interval.seconds", 1);
        p.put("keepalive.seconds", 5);
        return p;
    }

    MqttForwarder start(Map<String, Object> properties, InMemoryReadingBuffer buffer) {
        return start(properties, buffer, MqttForwarderOptionsTest.IDENTITY);
    }

    MqttForwarder start(Map<String, Object> properties, InMemoryReadingBuffer buffer, CryptoService crypto) {
        MqttForwarderOptions options = MqttForwarderOptions.from(MqttForwarderOptionsTest.config(properties), crypto);
        MqttForwarder forwarder = new MqttForwarder(options, buffer, crypto, Clock.systemUTC(),
                Map.of("uplink", "test"), new SplittableRandom(1));
        started.add(forwarder);
        return forwarder;
    }

    static boolean connected(MqttForwarder forwarder) {
        return Boolean.TRUE.equals(forwarder.health().get("connected"));
    }

    /** Reading ids in the SenML JSON telemetry/events messages the broker received, in arrival order. */
    static List<String> deliveredIds(List<EmbeddedMqttBroker.Received> received) throws IOException {
        List<String> ids = new ArrayList<>();
        for (EmbeddedMqttBroker.Received r : received) {
            if (r.topic().contains("/telemetry/") || r.topic().endsWith("/events")) {
                ids.addAll(JacksonTrees.ids(r.payload()));
            }
        }
        return ids;
    }

    @Override
    public void close() throws InterruptedException {
        for (MqttForwarder forwarder : started) {
            forwarder.deactivate();
        }
        started.clear();
    }

    static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> copy = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put((String) keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }
}
