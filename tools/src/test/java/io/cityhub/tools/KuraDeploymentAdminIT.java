package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The real deployment packages the distribution builds, installed the way a Kura gateway installs them: Felix
 * DeploymentAdmin 0.9.5 on Equinox 3.16 with Felix SCR 2.1.16, ConfigAdmin seeded from the snapshot as Kura's
 * ConfigurationService seeds it (Password values encrypted, decrypted through a CryptoService).
 *
 * <p>The upgrade tests start from the previous release: the same bundles relabelled with the version the
 * distribution's fix-package names as its base ({@code DeploymentPackage-FixPack} lower bound), so DeploymentAdmin
 * really updates every bundle. A technician's configuration made on that release (a changed uplink, a LoRaWAN device
 * added with "+") must survive the upgrade and be what the upgraded components run with.
 */
class KuraDeploymentAdminIT {

    private static final String DP_NAME = "io.cityhub";

    @TempDir
    Path work;

    private Path repo;
    private byte[] full;
    private byte[] fixPack;
    private Version current;
    private Version previous;

    @BeforeEach
    void readPackages() throws IOException {
        repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path dp = repo.resolve("distribution/target/cityhub-kura.dp");
        Path fix = repo.resolve("distribution/target/cityhub-kura-fixpack.dp");
        assertThat(dp).as("the reactor builds distribution/ before tools/").isRegularFile();
        assertThat(fix).as("the distribution builds the fix-package beside the full package").isRegularFile();
        full = Files.readAllBytes(dp);
        fixPack = Files.readAllBytes(fix);
        current = Version.parseVersion(DeploymentPackages.manifest(full).getMainAttributes()
                .getValue("DeploymentPackage-Version"));
        previous = DeploymentPackages.fixPackBase(fixPack);
        assertThat(previous).as("the fix-package's base release").isLessThan(current);
    }

    @Test
    void deploymentAdminInstallsAndUninstallsThePackage() throws Exception {
        try (KuraGateway kura = KuraGateway.start(repo, work)) {
            DeploymentPackage installed = install(kura.deploymentAdmin(), full);
            List<String> names = bundleNames(installed);
            assertThat(names).contains("io.cityhub.api", "io.cityhub.ingest", "io.cityhub.buffer.mapdb",
                    "io.cityhub.forward.mqtt", "io.cityhub.sensor.coap", "io.cityhub.profiles", "io.cityhub.clock",
                    "io.cityhub.filter");
            kura.assertAllActive(names);
            assertThat(kura.crypto().decrypted).as("the uplink decrypted its Password through CryptoService")
                    .contains(KuraGateway.UPLINK_PASSWORD);

            installed.uninstall();
            assertThat(kura.deploymentAdmin().getDeploymentPackage(DP_NAME)).as("package after uninstall").isNull();
            assertThat(Arrays.stream(kura.context().getBundles()).map(Bundle::getSymbolicName))
                    .as("bundles left after uninstall").doesNotContainAnyElementsOf(names);
        }
    }

    @Test
    void upgradeFromThePreviousReleaseKeepsTheTechniciansConfiguration() throws Exception {
        try (KuraGateway kura = KuraGateway.start(repo, work)) {
            DeploymentPackage old = install(kura.deploymentAdmin(), DeploymentPackages.asRelease(full, previous));
            List<String> names = bundleNames(old);
            assertThat(bundleVersions(kura, names)).as("the previous release's bundles").containsOnly(previous);
            kura.assertAllActive(names);
            configureAsATechnician(kura);
            kura.assertRunsWith(KuraGateway.MQTT_PID, "gateway.id", "lamp-post-17");

            DeploymentPackage upgraded = install(kura.deploymentAdmin(), full);

            assertThat(upgraded.getVersion()).isEqualTo(current);
            assertThat(kura.deploymentAdmin().getDeploymentPackage(DP_NAME).getVersion()).isEqualTo(current);
            assertThat(bundleVersions(kura, names)).as("every bundle updated").containsOnly(current);
            assertConfigurationKept(kura, names);
        }
    }

    @Test
    void fixPackageUpgradesThePreviousReleaseKeepingConfiguration() throws Exception {
        try (KuraGateway kura = KuraGateway.start(repo, work)) {
            DeploymentException alone = catchThrowableOfType(DeploymentException.class,
                    () -> installOrThrow(kura.deploymentAdmin(), fixPack));
            assertThat(alone).as("a fix-package on a gateway without the package").isNotNull();
            assertThat(alone.getCode()).isEqualTo(DeploymentException.CODE_MISSING_FIXPACK_TARGET);

            DeploymentPackage old = install(kura.deploymentAdmin(), DeploymentPackages.asRelease(full, previous));
            List<String> names = bundleNames(old);
            kura.assertAllActive(names);
            configureAsATechnician(kura);

            DeploymentPackage fixed = install(kura.deploymentAdmin(), fixPack);

            assertThat(fixed.getVersion()).isEqualTo(current);
            assertThat(bundleNames(fixed)).containsExactlyInAnyOrderElementsOf(names);
            List<String> missing = DeploymentPackages.missing(fixPack);
            assertThat(missing).as("bundles the fix-package leaves out").isNotEmpty();
            assertThat(bundleVersions(kura, missing)).as("bundles left out of the fix-package, kept")
                    .containsOnly(previous);
            List<String> carried = DeploymentPackages.carried(fixPack);
            assertThat(carried).as("bundles the fix-package carries").isNotEmpty();
            assertThat(bundleVersions(kura, carried)).as("bundles the fix-package carries").containsOnly(current);
            assertConfigurationKept(kura, names);

            DeploymentException again = catchThrowableOfType(DeploymentException.class,
                    () -> installOrThrow(kura.deploymentAdmin(), fixPack));
            assertThat(again).as("the fix-package over the version it produced (outside its range)").isNotNull();
            assertThat(again.getCode()).isEqualTo(DeploymentException.CODE_MISSING_FIXPACK_TARGET);
        }
    }

    /** What a technician does in Kura's web UI on the old release: edit the uplink, add a LoRaWAN device with "+". */
    private static void configureAsATechnician(KuraGateway kura) throws IOException {
        ConfigurationAdmin configurationAdmin = kura.configurationAdmin();
        Configuration uplink = configurationAdmin.getConfiguration(KuraGateway.MQTT_PID, "?");
        Dictionary<String, Object> properties = uplink.getProperties();
        properties.put("gateway.id", "lamp-post-17");
        uplink.update(properties);

        Configuration device = configurationAdmin.createFactoryConfiguration(KuraGateway.LORA_DEVICE_PID, "?");
        Hashtable<String, Object> deviceProperties = new Hashtable<>();
        deviceProperties.put("kura.service.pid", "parking-17");
        deviceProperties.put("dev.eui", "70B3D57ED0001717");
        deviceProperties.put("activation", "OTAA");
        deviceProperties.put("app.key", kura.encrypt("2B7E151628AED2A6ABF7158809CF4F3C"));
        device.update(deviceProperties);
        kura.assertRunsWith(KuraGateway.LORA_DEVICE_PID, "dev.eui", "70B3D57ED0001717");
    }

    private static void assertConfigurationKept(KuraGateway kura, List<String> names) throws Exception {
        kura.assertAllActive(names);
        Configuration uplink = kura.configurationAdmin().getConfiguration(KuraGateway.MQTT_PID, "?");
        assertThat(uplink.getProperties().get("gateway.id")).as("uplink configuration after the upgrade")
                .isEqualTo("lamp-post-17");
        Configuration[] devices = kura.configurationAdmin()
                .listConfigurations("(service.factoryPid=" + KuraGateway.LORA_DEVICE_PID + ")");
        assertThat(devices).as("LoRaWAN device instances after the upgrade").hasSize(1);
        assertThat(devices[0].getProperties().get("kura.service.pid")).isEqualTo("parking-17");
        kura.assertRunsWith(KuraGateway.MQTT_PID, "gateway.id", "lamp-post-17");
        kura.assertRunsWith(KuraGateway.LORA_DEVICE_PID, "dev.eui", "70B3D57ED0001717");
    }

    private static List<Version> bundleVersions(KuraGateway kura, List<String> names) {
        List<Version> versions = Arrays.stream(kura.context().getBundles())
                .filter(b -> names.contains(b.getSymbolicName())).map(Bundle::getVersion).toList();
        assertThat(versions).as("installed bundles named %s", names).hasSameSizeAs(names);
        return versions;
    }

    private static DeploymentPackage install(DeploymentAdmin deploymentAdmin, byte[] dp) {
        try {
            return installOrThrow(deploymentAdmin, dp);
        } catch (DeploymentException e) {
            return fail("DeploymentAdmin refused the package: code " + e.getCode() + ": " + e.getMessage(), e);
        }
    }

    private static DeploymentPackage installOrThrow(DeploymentAdmin deploymentAdmin, byte[] dp)
            throws DeploymentException {
        try (InputStream in = new ByteArrayInputStream(dp)) {
            return deploymentAdmin.installDeploymentPackage(in);
        } catch (IOException e) {
            return fail("cannot read the package", e);
        }
    }

    private static List<String> bundleNames(DeploymentPackage dp) {
        return Arrays.stream(dp.getBundleInfos()).map(BundleInfo::getSymbolicName).toList();
    }
}
