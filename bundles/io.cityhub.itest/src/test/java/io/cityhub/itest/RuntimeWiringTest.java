package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The distribution's bundle set starts completely: every bundle active, every cityhub component active. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class RuntimeWiringTest {

    static final List<String> CITYHUB_BUNDLES = List.of(
            "io.cityhub.api",
            "io.cityhub.kura.compat",
            "io.cityhub.clock",
            "io.cityhub.profiles",
            "io.cityhub.ingest",
            "io.cityhub.filter",
            "io.cityhub.buffer.mapdb",
            "io.cityhub.forward.mqtt",
            "io.cityhub.sensor.coap",
            "io.cityhub.sensor.gpio",
            "io.cityhub.sensor.lora",
            "io.cityhub.traffic",
            "io.cityhub.runtime",
            "io.cityhub.webui");

    /** Components instantiated per factory configuration; none exists in the seed configuration. */
    static final List<String> FACTORY_COMPONENTS = List.of("io.cityhub.traffic.TrafficController",
            "io.cityhub.filter.SensorFilterOverride", "io.cityhub.sensor.coap.internal.CoapDevice",
            "io.cityhub.sensor.coap.internal.CoapObserver");

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBundleIsActive() {
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .collect(Collectors.toList());
        assertThat(notActive).isEmpty();
        List<String> present = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).toList();
        assertThat(present).containsAll(CITYHUB_BUNDLES);
    }

    @Test
    void everyCityhubComponentIsActive(@InjectService(timeout = 10_000) ServiceComponentRuntime scr)
            throws Exception {
        List<ComponentDescriptionDTO> ours = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.bundle.symbolicName.startsWith("io.cityhub."))
                .toList();
        assertThat(ours).as("cityhub components").hasSizeGreaterThanOrEqualTo(5);
        for (ComponentDescriptionDTO description : ours) {
            assertThat(scr.isComponentEnabled(description)).as(description.name + " enabled").isTrue();
        }
        // no component is forced here: each must be active because the runtime needs it (immediate components,
        // or services another component uses), otherwise nothing would drain the outbox or answer a sensor
        Awaits.until("every cityhub component ACTIVE", () -> {
            List<String> notActive = ours.stream()
                    .flatMap(d -> {
                        var configurations = scr.getComponentConfigurationDTOs(d);
                        // a factory component (one instance per configuration, e.g. per intersection) has none
                        // until one is configured; every other component must have one
                        if (configurations.isEmpty() && FACTORY_COMPONENTS.contains(d.name)) {
                            return java.util.stream.Stream.<String>empty();
                        }
                        return configurations.isEmpty() ? java.util.stream.Stream.of(d.name + ": no configuration")
                                : configurations.stream().filter(c -> c.state != ComponentConfigurationDTO.ACTIVE)
                                        .map(c -> d.name + ": " + describe(c));
                    })
                    .toList();
            assertThat(notActive).isEmpty();
        });
    }

    private static String describe(ComponentConfigurationDTO c) {
        String state = switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE "
                    + Arrays.stream(c.unsatisfiedReferences).map(r -> r.name).toList();
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION: " + c.failure;
            default -> "state " + c.state;
        };
        return state;
    }
}
