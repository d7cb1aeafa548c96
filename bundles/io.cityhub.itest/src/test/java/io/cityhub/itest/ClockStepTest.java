package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.clock.ClockStateListener;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The gateway's clock steps back and forward while a sensor posts readings without a time of its own (the gateway
 * stamps them): every acknowledged reading reaches the platform, in the order the gateway accepted it, stamped with
 * the time the clock showed and the quality it had, each with its own id, even where the clock showed one time
 * twice. The steps come from a {@link ClockState} with the highest service ranking, which the CoAP source binds
 * greedily, so the real CoAP server, ingest, the MapDB outbox and the MQTT forwarder run unchanged; the outbox's
 * own clocks are not stepped here (its ageing across steps is tested in {@code OutboxClockStepTest}), and the step is
 * below ingest's {@code max.future.seconds} because ingest checks times against the system clock, which a real step
 * moves as well. The same scenario with the real clock state, stepped by libfaketime in the runtime run as a child
 * process, is {@code tools/…/ClockJumpIT}; this one also covers a step forward of 20 hours and a clock shown twice.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ClockStepTest {

    private static final int PER_PHASE = 4;
    /** One SenML record the forwarder sends, with value, time, id and clock quality. */
    private static final Pattern RECORD = Pattern.compile("\\{[^{}]*\\}");

    static PlatformProcess platform;
    static int coapPort;
    static final SteppedClock CLOCK = new SteppedClock();
    static ServiceRegistration<ClockState> registration;

    @BeforeAll
    static void start(@InjectBundleContext BundleContext context,
            @InjectService(timeout = 10_000) ConfigurationAdmin cm) throws Exception {
        platform = PlatformProcess.start(Path.of(context.getProperty("cityhub.itest.root")));
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            coapPort = s.getLocalPort();
        }
        Dictionary<String, Object> ranking = new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE));
        registration = context.registerService(ClockState.class, CLOCK, ranking);
        update(cm, CoapToMqttTest.COAP_PID, Map.of("bind.address", "127.0.0.1", "port", coapPort));
        update(cm, CoapToMqttTest.MQTT_PID, Map.of("broker.uris", "tcp://127.0.0.1:" + platform.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registration != null) {
            registration.unregister();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void readingsKeepOrderTimeQualityAndDistinctIdsWhileTheClockStepsBackAndForth() throws Exception {
        String sensor = "itest-clock-" + System.nanoTime();
        Instant start = Instant.now().minusSeconds(60);
        List<Instant> shown = List.of(start, start.minus(Duration.ofHours(1)), start.plus(Duration.ofHours(20)),
                start);
        List<ClockQuality> qualities = List.of(ClockQuality.SYNCHRONISED, ClockQuality.UNSYNCHRONISED,
                ClockQuality.SYNCHRONISED, ClockQuality.SYNCHRONISED);
        try (RawCoapClient coap = new RawCoapClient(coapPort)) {
            for (int phase = 0; phase < shown.size(); phase++) {
                // the clock stands still within a phase: every reading of it gets the same time
                CLOCK.set(shown.get(phase), qualities.get(phase));
                for (int i = phase * PER_PHASE; i < (phase + 1) * PER_PHASE; i++) {
                    post(coap, sensor, i);
                }
            }
        }

        List<Map<String, String>> first = new ArrayList<>();
        Awaits.until("every acknowledged reading reaches the platform", Duration.ofSeconds(60), () -> {
            first.clear();
            first.addAll(firstCopies(sensor));
            assertThat(first).hasSize(shown.size() * PER_PHASE);
        });
        assertThat(first).extracting(r -> (int) Double.parseDouble(r.get("v"))).as("order of arrival")
                .isSorted().doesNotHaveDuplicates();
        assertThat(first).extracting(r -> r.get("rid")).as("reading ids").doesNotHaveDuplicates();
        for (int i = 0; i < first.size(); i++) {
            int phase = i / PER_PHASE;
            Map<String, String> r = first.get(i);
            assertThat(r.get("clk")).as("clock quality of reading %d", i)
                    .isEqualTo(qualities.get(phase) == ClockQuality.SYNCHRONISED ? "sync" : "unsync");
            assertThat(Math.abs(Double.parseDouble(r.get("t")) - seconds(shown.get(phase))))
                    .as("time of reading %d against what the clock showed", i).isLessThan(1e-5);
        }
    }

    private static void post(RawCoapClient coap, String sensor, int value) {
        byte[] pack = ("[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":" + value + "}]").getBytes(StandardCharsets.UTF_8);
        // the CoAP server restarts with its new port after the configuration update: ask until it answers
        Awaits.until("reading " + value + " acknowledged", Duration.ofSeconds(30), () -> {
            RawCoapClient.Response answer = coap.post(new String[] {"readings", sensor}, 110, pack, 2000);
            assertThat(answer).isNotNull();
            assertThat(answer.codeText()).as(answer.text()).isEqualTo("2.04");
        });
    }

    /** The sensor's records at the platform in order of arrival, the first copy of each value only. */
    private static List<Map<String, String>> firstCopies(String sensor) {
        List<Map<String, String>> first = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (PlatformProcess.Message m : platform.received()) {
            if (!m.topic().contains("/telemetry/") || !m.topic().endsWith(sensor)) {
                continue;
            }
            Matcher records = RECORD.matcher(m.text());
            while (records.find()) {
                Map<String, String> record = fields(records.group());
                if (record.containsKey("v") && !values.contains(record.get("v"))) {
                    values.add(record.get("v"));
                    first.add(record);
                }
            }
        }
        return first;
    }

    private static Map<String, String> fields(String record) {
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher f = Pattern.compile("\"(v|t|rid|clk)\":\"?([^\",}]*)\"?").matcher(record);
        while (f.find()) {
            fields.put(f.group(1), f.group(2));
        }
        return fields;
    }

    private static double seconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    private static void update(ConfigurationAdmin cm, String pid, Map<String, Object> changes) throws Exception {
        Configuration configuration = cm.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> updated = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                updated.put(key, properties.get(key));
            }
        }
        changes.forEach(updated::put);
        configuration.update(updated);
    }

    /** A gateway clock the test sets: the time it shows and its quality. */
    static final class SteppedClock implements ClockState {
        private final AtomicReference<Instant> shows = new AtomicReference<>(Instant.now());
        private final AtomicReference<ClockQuality> quality = new AtomicReference<>(ClockQuality.SYNCHRONISED);

        void set(Instant time, ClockQuality clockQuality) {
            shows.set(time);
            quality.set(clockQuality);
        }

        @Override
        public Instant now() {
            return shows.get();
        }

        @Override
        public ClockQuality quality() {
            return quality.get();
        }

        @Override
        public AutoCloseable onChange(ClockStateListener listener) {
            return () -> { };
        }
    }
}
