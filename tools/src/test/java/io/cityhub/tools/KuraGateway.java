package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.deploymentadmin.DeploymentAdmin;

/**
 * A Kura-like gateway for the deployment-package tests: Kura's OSGi stack ({@link KuraLikeFramework}), a
 * CryptoService, and ConfigAdmin seeded from {@code kura-config/snapshot_0.xml} with loopback ports nobody else
 * holds, a store under the test's folder, and an uplink password encrypted as Kura stores it. No cityhub bundle is
 * installed: they arrive in a deployment package.
 */
final class KuraGateway implements AutoCloseable {

    static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";
    static final String LORA_DEVICE_PID = "io.cityhub.sensor.lora.LoraDevice";
    static final String UPLINK_PASSWORD = "uplink-s3cret";
    private static final String BUFFER_PID = "io.cityhub.buffer.mapdb.MapDbReadingBuffer";
    private static final String COAP_PID = "io.cityhub.sensor.coap.CoapSensorServer";
    private static final String LORA_PID = "io.cityhub.sensor.lora.LoraGateway";
    private static final Duration ACTIVATION = Duration.ofSeconds(60);

    private final KuraLikeFramework framework;
    private final KuraSeed.RecordingCryptoService crypto = new KuraSeed.RecordingCryptoService();

    private KuraGateway(KuraLikeFramework framework) {
        this.framework = framework;
    }

    static KuraGateway start(Path repo, Path work) throws IOException, BundleException {
        Path stack = Path.of(System.getProperty("cityhub.kura.stack", "target/kura-stack"));
        KuraGateway gateway = new KuraGateway(KuraLikeFramework.start(stack, work.resolve("framework")));
        try {
            BundleContext context = gateway.context();
            context.registerService(CryptoService.class, gateway.crypto, null);
            KuraSeed.seed(
                    repo.resolve("kura-config/snapshot_0.xml"),
                    Map.of(
                            // a broker address where nothing listens: the uplink must activate, not connect to some
                            // local broker
                            MQTT_PID,
                                    Map.of(
                                            "username",
                                            "gateway",
                                            "password",
                                            gateway.encrypt(UPLINK_PASSWORD),
                                            "broker.uris",
                                            "tcp://127.0.0.1:" + freeTcpPort()),
                            BUFFER_PID,
                                    Map.of(
                                            "store.directory",
                                            work.resolve("outbox").toString()),
                            COAP_PID, Map.of("bind.address", "127.0.0.1", "port", freeUdpPort()),
                            LORA_PID, Map.of("bind.address", "127.0.0.1", "port", freeUdpPort())),
                    gateway.configurationAdmin(),
                    gateway.crypto);
            return gateway;
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    BundleContext context() {
        return framework.context();
    }

    KuraSeed.RecordingCryptoService crypto() {
        return crypto;
    }

    /** @return the value as Kura stores a Password: encrypted by the CryptoService */
    String encrypt(String plain) {
        return new String(crypto.encryptAes(plain.toCharArray()));
    }

    ConfigurationAdmin configurationAdmin() {
        return service(ConfigurationAdmin.class);
    }

    DeploymentAdmin deploymentAdmin() {
        return service(DeploymentAdmin.class);
    }

    /** Every bundle named ACTIVE, and every component of those bundles ACTIVE in every configuration. */
    void assertAllActive(List<String> names) {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        await("every bundle and component of the package ACTIVE").atMost(ACTIVATION)
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    List<String> problems = new ArrayList<>();
                    for (Bundle bundle : context().getBundles()) {
                        if (names.contains(bundle.getSymbolicName()) && bundle.getState() != Bundle.ACTIVE) {
                            problems.add(bundle.getSymbolicName() + " in bundle state " + bundle.getState());
                        }
                    }
                    int components = 0;
                    for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                        if (!names.contains(d.bundle.symbolicName)) {
                            continue;
                        }
                        components++;
                        var configurations = scr.getComponentConfigurationDTOs(d);
                        if (configurations.isEmpty() && !"require".equals(d.configurationPolicy)) {
                            problems.add(d.name + ": no configuration (unsatisfied configuration policy)");
                        }
                        // a per-device factory component (LoRa device, GPIO pin) has no instance until a technician
                        // adds one, and a delayed component is SATISFIED until someone uses its service: both normal
                        for (ComponentConfigurationDTO c : configurations) {
                            if (!running(d, c)) {
                                problems.add(d.name + " in component state " + c.state
                                        + (c.unsatisfiedReferences.length > 0
                                                ? " missing " + c.unsatisfiedReferences[0].name : ""));
                            }
                        }
                    }
                    assertThat(components).as("cityhub components").isGreaterThanOrEqualTo(6);
                    assertThat(problems).isEmpty();
                });
    }

    /** The component named {@code pid} has a running configuration whose {@code property} is {@code value}. */
    void assertRunsWith(String pid, String property, Object value) {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        await(pid + " running with " + property + "=" + value).atMost(ACTIVATION).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<Object> seen = new ArrayList<>();
                    List<String> states = new ArrayList<>();
                    for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                        // the component name may be its class; Kura and ConfigAdmin know it by its configuration PID
                        if (!List.of(d.configurationPid).contains(pid)) {
                            continue;
                        }
                        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                            states.add(
                                    d.name + " state " + c.state + " " + property + "=" + c.properties.get(property));
                            if (running(d, c)) {
                                seen.add(c.properties.get(property));
                            }
                        }
                    }
                    assertThat(seen).as("%s of the running %s (configurations: %s)", property, pid, states)
                            .contains(value);
                });
    }

    private static boolean running(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        return c.state == ComponentConfigurationDTO.ACTIVE
                || !d.immediate && c.state == ComponentConfigurationDTO.SATISFIED;
    }

    private <T> T service(Class<T> type) {
        BundleContext context = context();
        return await(type.getSimpleName()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var ref = context.getServiceReference(type);
                    return ref == null ? null : context.getService(ref);
                }, s -> s != null);
    }

    @Override
    public void close() {
        framework.close();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
