package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.eclipse.kura.crypto.CryptoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The real {@code distribution/target/cityhub-kura.dp} installed the way a Kura gateway installs it: Felix
 * DeploymentAdmin 0.9.5 on Equinox 3.16 with Felix SCR 2.1.16, ConfigAdmin seeded from the snapshot as Kura's
 * ConfigurationService seeds it (Password values encrypted, decrypted through the CryptoService registered here).
 * Every bundle of the package and every cityhub component must come up ACTIVE; an update (same bundles, a newer
 * package version) must replace it; an uninstall must remove every bundle.
 */
class KuraDeploymentAdminIT {

    private static final String DP_NAME = "io.cityhub";
    private static final String MQTT_PID = "io.cityhub.forward.mqtt.MqttForwarder";
    private static final String BUFFER_PID = "io.cityhub.buffer.mapdb.MapDbReadingBuffer";
    private static final String COAP_PID = "io.cityhub.sensor.coap.CoapSensorServer";
    private static final Duration ACTIVATION = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void deploymentAdminInstallsUpdatesAndUninstallsThePackage() throws Exception {
        Path repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path dp = repo.resolve("distribution/target/cityhub-kura.dp");
        Path stack = Path.of(System.getProperty("cityhub.kura.stack", "target/kura-stack"));
        assertThat(dp).as("the reactor builds distribution/ before tools/").isRegularFile();

        try (KuraLikeFramework kura = KuraLikeFramework.start(stack, work.resolve("framework"))) {
            BundleContext context = kura.context();
            KuraSeed.RecordingCryptoService crypto = new KuraSeed.RecordingCryptoService();
            context.registerService(CryptoService.class, crypto, null);
            String encryptedPassword = new String(crypto.encryptAes("uplink-s3cret".toCharArray()));
            KuraSeed.seed(repo.resolve("kura-config/snapshot_0.xml"), Map.of(
                    // a broker address where nothing listens: the uplink must activate, not connect to some local broker
                    MQTT_PID, Map.of("username", "gateway", "password", encryptedPassword,
                            "broker.uris", "tcp://127.0.0.1:" + freeTcpPort()),
                    BUFFER_PID, Map.of("store.directory", work.resolve("outbox").toString()),
                    COAP_PID, Map.of("bind.address", "127.0.0.1", "port", freeUdpPort())),
                    service(context, ConfigurationAdmin.class), crypto);
            DeploymentAdmin deploymentAdmin = service(context, DeploymentAdmin.class);
            ServiceComponentRuntime scr = service(context, ServiceComponentRuntime.class);

            DeploymentPackage installed = install(deploymentAdmin, Files.readAllBytes(dp));
            List<String> names = bundleNames(installed);
            assertThat(names).contains("io.cityhub.api", "io.cityhub.ingest", "io.cityhub.buffer.mapdb",
                    "io.cityhub.forward.mqtt", "io.cityhub.sensor.coap", "io.cityhub.profiles");
            assertAllActive(context, scr, names);
            assertThat(crypto.decrypted).as("the uplink decrypted its Password through CryptoService")
                    .contains("uplink-s3cret");

            Version next = bumped(installed.getVersion());
            DeploymentPackage updated = install(deploymentAdmin, withVersion(Files.readAllBytes(dp), next));
            assertThat(updated.getVersion()).isEqualTo(next);
            assertThat(deploymentAdmin.getDeploymentPackage(DP_NAME).getVersion()).isEqualTo(next);
            assertAllActive(context, scr, names);

            updated.uninstall();
            assertThat(deploymentAdmin.getDeploymentPackage(DP_NAME)).as("package after uninstall").isNull();
            assertThat(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName))
                    .as("bundles left after uninstall").doesNotContainAnyElementsOf(names);
        }
    }

    private static DeploymentPackage install(DeploymentAdmin deploymentAdmin, byte[] dp) {
        try (InputStream in = new ByteArrayInputStream(dp)) {
            return deploymentAdmin.installDeploymentPackage(in);
        } catch (DeploymentException e) {
            return fail("DeploymentAdmin refused the package: code " + e.getCode() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            return fail("cannot read the package", e);
        }
    }

    /** Every bundle of the package ACTIVE, and every component of those bundles ACTIVE in every configuration. */
    private static void assertAllActive(BundleContext context, ServiceComponentRuntime scr, List<String> names) {
        await("every bundle and component of the package ACTIVE").atMost(ACTIVATION)
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    List<String> problems = new ArrayList<>();
                    for (Bundle bundle : context.getBundles()) {
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
                            boolean delayedAndReady = !d.immediate && c.state == ComponentConfigurationDTO.SATISFIED;
                            if (c.state != ComponentConfigurationDTO.ACTIVE && !delayedAndReady) {
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

    private static List<String> bundleNames(DeploymentPackage dp) {
        return Arrays.stream(dp.getBundleInfos()).map(BundleInfo::getSymbolicName).toList();
    }

    private static Version bumped(Version v) {
        return new Version(v.getMajor(), v.getMinor(), v.getMicro() + 1, v.getQualifier());
    }

    /** The same package with a newer DeploymentPackage-Version; entries copied in order, manifest first. */
    private static byte[] withVersion(byte[] dp, Version version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(dp.length);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(dp))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("DeploymentPackage-Version", version.toString());
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static <T> T service(BundleContext context, Class<T> type) {
        return await(type.getSimpleName()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var ref = context.getServiceReference(type);
                    return ref == null ? null : context.getService(ref);
                }, s -> s != null);
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
