package io.cityhub.forward.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.forward.mqtt.internal.health.ComponentFailures;
import io.cityhub.profiles.senml.JsonValues;
import io.cityhub.testing.FreePorts;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Which cityhub components the health message lists as not running, from Service Component Runtime DTOs as Felix
 * SCR 2.1.16 fills them (DS 1.4 §112.12); and that the uplink's health message carries the list.
 */
class ComponentFailuresTest {

    private static final String COAP = "io.cityhub.sensor.coap.CoapSensorServer";

    @Test
    void listsFailedActivationsUnsatisfiedConfigurationsAndReferencesOfCityhubComponentsOnly() {
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> scr = new java.util.LinkedHashMap<>();
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, COAP);
        failed.failure = "java.lang.IllegalArgumentException: " + COAP + ": attribute 'max.payload.bytes' has invalid"
                + " value '1048576'; expected between 16 and 65536\n\tat io.cityhub.sensor.coap.internal.CoapOptions";
        scr.put(description(COAP), List.of(failed));
        scr.put(description("io.cityhub.ingest.IngestPipeline"),
                List.of(configuration(ComponentConfigurationDTO.ACTIVE, "io.cityhub.ingest.IngestPipeline")));
        ComponentConfigurationDTO waiting = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
                "io.cityhub.buffer.mapdb.MapDbReadingBuffer");
        UnsatisfiedReferenceDTO ref = new UnsatisfiedReferenceDTO();
        ref.name = "store";
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {ref};
        scr.put(description("io.cityhub.buffer.mapdb.MapDbReadingBuffer"), List.of(waiting));
        scr.put(description("io.cityhub.sensor.gpio.GpioInput"), List.of(configuration(
                ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION, "io.cityhub.sensor.gpio.GpioInput.door1")));
        scr.put(description("io.cityhub.ingest.Delayed"),
                List.of(configuration(ComponentConfigurationDTO.SATISFIED, "io.cityhub.ingest.Delayed")));
        scr.put(description("org.eclipse.kura.Other"),
                List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, "org.eclipse.kura.Other")));
        scr.put(description("io.cityhub.traffic.Intersection"), List.of()); // requires a configuration, has none

        List<Map<String, Object>> listed = failures(scr).get();

        assertThat(listed).containsExactly(
                Map.of("name", "io.cityhub.buffer.mapdb.MapDbReadingBuffer", "state", "unsatisfied-reference",
                        "reason", "waiting for store"),
                Map.of("name", "io.cityhub.sensor.coap.CoapSensorServer", "state", "failed-activation",
                        "reason", "java.lang.IllegalArgumentException: " + COAP + ": attribute 'max.payload.bytes' has"
                                + " invalid value '1048576'; expected between 16 and 65536"),
                Map.of("name", "io.cityhub.sensor.gpio.GpioInput", "pid", "io.cityhub.sensor.gpio.GpioInput.door1",
                        "state", "unsatisfied-configuration", "reason",
                        "its configuration is missing or does not match"));
    }

    @Test
    void theHealthMessageCarriesTheList() throws Exception {
        try (ForwarderHarness harness = new ForwarderHarness()) {
            // no broker: health is built all the same
            MqttForwarder forwarder = harness.start(ForwarderHarness.defaults(
                    "tcp://127.0.0.1:" + FreePorts.tcp()), new InMemoryReadingBuffer());
            assertThat(forwarder.healthSnapshot()).containsEntry("failedComponents", List.of());

            ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, COAP);
            failed.failure = "java.lang.IllegalArgumentException: boom";
            forwarder.setComponentFailures(failures(Map.of(description(COAP), List.of(failed))));

            assertThat(forwarder.healthSnapshot()).containsEntry("failedComponents", List.of(Map.of("name", COAP,
                    "state", "failed-activation", "reason", "java.lang.IllegalArgumentException: boom")));
            assertThat(new String(
                            JsonValues.write(forwarder.healthSnapshot()), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"failedComponents\":[{\"name\":\"" + COAP + "\",\"state\":\"failed-activation\"");
        }
    }

    private static ComponentFailures failures(Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> scr) {
        return new ComponentFailures(() -> (Collection<ComponentDescriptionDTO>) scr.keySet(), scr::get);
    }

    private static ComponentDescriptionDTO description(String name) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state, String pid) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.properties = Map.of("service.pid", pid);
        return c;
    }
}
