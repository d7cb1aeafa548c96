package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.cm.impl.ConfigurationManager;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.impl.SimpleLogger;

/**
 * The activator in a real framework (Equinox 3.16, Kura's, with Felix ConfigAdmin): what reaches
 * ConfigurationAdmin, and how a malformed snapshot fails the start. The bundle under test is assembled here from
 * {@code target/classes} because bnd packages the real jar only after the tests. The exit path
 * ({@code cityhub.exit.on.error}) and the shutdown hook end the JVM and are not exercised here.
 */
class RuntimeActivatorFrameworkTest {

    private static final String SNAPSHOT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
              <esf:configuration pid="io.cityhub.sensor.coap.CoapSensorServer">
                <esf:properties>
                  <esf:property name="port" type="Integer" array="false" \
                      encrypted="false"><esf:value>%s</esf:value></esf:property>
                  <esf:property name="secret" type="Password" array="false" \
                      encrypted="true"><esf:value>czNjcmV0</esf:value></esf:property>
                </esf:properties>
              </esf:configuration>
              <esf:configuration pid="lamp-17">
                <esf:properties>
                  <esf:property name="service.factoryPid" type="String" array="false" \
                      encrypted="false"><esf:value>io.cityhub.sensor.coap.CoapEndpoint</esf:value></esf:property>
                  <esf:property name="ports" type="Short" array="true" \
                      encrypted="false"><esf:value>1</esf:value><esf:value>2</esf:value></esf:property>
                </esf:properties>
              </esf:configuration>
            </esf:configurations>
            """;

    private static final String SERVER = "io.cityhub.sensor.coap.CoapSensorServer";
    private static final String LAMP = "io.cityhub.sensor.coap.CoapEndpoint~lamp-17";

    @TempDir
    Path dir;

    private Framework framework;
    private Bundle configAdmin;

    @AfterEach
    void stopFramework() throws BundleException, InterruptedException {
        System.clearProperty(RuntimeSettings.DATA_DIR);
        if (framework != null) {
            framework.stop();
            assertThat(framework.waitForStop(10_000).getType()).isNotEqualTo(FrameworkEvent.WAIT_TIMEDOUT);
        }
    }

    @Test
    void failsToStartOnAMalformedSnapshotNamingFileLineAndProblem() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("abc"));
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", snapshot.toString()));

        // the framework wraps what start() threw
        assertThatThrownBy(runtime::start)
                .isInstanceOf(BundleException.class)
                .cause()
                .isInstanceOf(BundleException.class)
                .hasMessage("cityhub: cannot start: " + snapshot + ":5: property 'port' of type Integer has value"
                        + " 'abc'");

        assertThat(runtime.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(configurations()).isEmpty();
    }

    @Test
    void startsWithDefaultsWhenTheSnapshotIsMissing() throws Exception {
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", dir.resolve("absent.xml").toString()));

        runtime.start();

        assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(configurations()).isEmpty();
    }

    @Test
    void pushesSingletonsAndFactoryInstancesIntoConfigurationAdminWhileStarting() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", snapshot.toString()));

        runtime.start();

        assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
        Map<String, Dictionary<String, Object>> configurations = configurations();
        assertThat(configurations).containsOnlyKeys("io.cityhub.sensor.coap.CoapSensorServer",
                "io.cityhub.sensor.coap.CoapEndpoint~lamp-17");
        Dictionary<String, Object> server = configurations.get("io.cityhub.sensor.coap.CoapSensorServer");
        assertThat(server.get("port")).isEqualTo(5684);
        // encrypted with the CryptoService the runtime registered, as Kura hands Password values over
        assertThat(server.get("secret")).isInstanceOf(String.class).isNotEqualTo("s3cret").isNotEqualTo("czNjcmV0");
        assertThat(decryptWithTheRegisteredCryptoService(runtime, (String) server.get("secret"))).isEqualTo("s3cret");
        assertThat(server.get("kura.service.pid")).isEqualTo("io.cityhub.sensor.coap.CoapSensorServer");
        Dictionary<String, Object> lamp = configurations.get("io.cityhub.sensor.coap.CoapEndpoint~lamp-17");
        assertThat(lamp.get("service.factoryPid")).isEqualTo("io.cityhub.sensor.coap.CoapEndpoint");
        assertThat(lamp.get("kura.service.pid")).isEqualTo("lamp-17");
        assertThat(lamp.get("ports")).isEqualTo(new Short[] {1, 2});
    }

    @Test
    void publishesTheDataDirectoryAbsoluteAndCreatedToEveryBundle() throws Exception {
        Path configured = dir.resolve("x/../gateway-data");
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", dir.resolve("absent.xml").toString(),
                RuntimeSettings.DATA_DIR, configured.toString()));

        runtime.start();

        Path expected = dir.resolve("gateway-data").toAbsolutePath().normalize();
        assertThat(expected).isDirectory();
        // another bundle's view (the system bundle's context), as a component's BundleContext sees it
        assertThat(framework.getBundleContext().getProperty(RuntimeSettings.DATA_DIR)).isEqualTo(expected.toString());
    }

    @Test
    void refusesToStartWithADamagedKeyFileNamingIt() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Path key = Files.write(Files.createDirectories(dir.resolve("data")).resolve("runtime-crypto.key"),
                new byte[5]);
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", snapshot.toString()));

        assertThatThrownBy(runtime::start).cause().isInstanceOf(BundleException.class)
                .hasMessageStartingWith("cityhub: cannot start: " + key + ": the runtime's key file is damaged");
        assertThat(runtime.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(configurations()).as("nothing half-configured").isEmpty();
    }

    @Test
    void aSnapshotThatCannotBeWrittenLeavesTheGatewayRunningAndSaysSo() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Path inTheWay = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("snapshots"), "file");
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", snapshot.toString()));

        try (CapturedLog log = new CapturedLog()) {
            runtime.start();
            assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.text())
                    .contains("ERROR").contains("cannot write the configuration snapshot to " + inTheWay)
                    .contains("a restart now would lose the changes"));
            update(SERVER, "port", 5700);
            assertThat(configurations().get(SERVER).get("port")).as("the running gateway has the change")
                    .isEqualTo(5700);

            // the disk is fixed: the next change is written
            Files.delete(inTheWay);
            update(SERVER, "port", 5701);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.text())
                    .contains("configuration snapshot written again"));
        }
        assertThat(Files.readString(newestSnapshot())).contains("<esf:value>5701</esf:value>");
    }

    @Test
    void aChangeSurvivesARestartAndItsPasswordDecryptsInTheNextRun() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Map<String, String> properties = Map.of("cityhub.snapshot", snapshot.toString());
        Bundle runtime = startFrameworkWith(properties);
        runtime.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 1);

        update(SERVER, "port", 5700);
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 2);
        runtime = restart(properties);

        Dictionary<String, Object> server = configurations().get(SERVER);
        assertThat(server.get("port")).isEqualTo(5700);
        assertThat(decryptWithTheRegisteredCryptoService(runtime, (String) server.get("secret"))).isEqualTo("s3cret");
        assertThat(configurations().get(LAMP).get("ports")).isEqualTo(new Short[] {1, 2});
        String written = Files.readString(newestSnapshot());
        assertThat(written).contains("name=\"secret\" type=\"Password\" array=\"false\" encrypted=\"true\"")
                .doesNotContain("s3cret").doesNotContain("czNjcmV0");
        assertThat(snapshots()).as("a start from its own snapshot writes nothing new").hasSize(2);
    }

    @Test
    void aChangeMadeJustBeforeAStopIsWrittenByTheStop() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Map<String, String> properties = Map.of("cityhub.snapshot", snapshot.toString());
        startFrameworkWith(properties).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 1);

        update(SERVER, "port", 5702); // no wait for the quiet period: the stop comes at once
        restart(properties);

        assertThat(configurations().get(SERVER).get("port")).isEqualTo(5702);
    }

    @Test
    void aBurstOfChangesIsWrittenOnce() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Bundle runtime = startFrameworkWith(Map.of("cityhub.snapshot", snapshot.toString()));
        runtime.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 1);

        for (int port = 6000; port < 6010; port++) {
            update(SERVER, "port", port);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() >= 2
                && Files.readString(newestSnapshot()).contains("<esf:value>6009</esf:value>"));
        assertThat(snapshots()).hasSize(2);
    }

    @Test
    void aDeletedFactoryInstanceStaysDeletedAfterARestart() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Map<String, String> properties = Map.of("cityhub.snapshot", snapshot.toString());
        startFrameworkWith(properties).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 1);

        delete(LAMP);
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 2);
        restart(properties);

        assertThat(configurations()).containsOnlyKeys(SERVER);
    }

    @Test
    void aLostKeyFileNamesEveryPasswordItCannotDecryptAndTheGatewayStillStarts() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot_0.xml"), SNAPSHOT.formatted("5684"));
        Map<String, String> properties = Map.of("cityhub.snapshot", snapshot.toString());
        startFrameworkWith(properties).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() == 1);
        String sealed = (String) configurations().get(SERVER).get("secret");
        Files.delete(dir.resolve("data/runtime-crypto.key"));

        Bundle runtime;
        try (CapturedLog log = new CapturedLog()) {
            runtime = restart(properties);
            assertThat(log.text()).contains("the runtime's key file was missing and a new key was made")
                    .contains("Password attribute 'secret' of configuration '" + SERVER + "'")
                    .contains("cannot be decrypted").doesNotContain("s3cret");
        }

        assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(configurations().get(SERVER).get("secret")).as("kept for when the key file is restored")
                .isEqualTo(sealed);
        assertThat(configurations().get(SERVER).get("port")).isEqualTo(5684);
    }

    private Bundle restart(Map<String, String> properties) throws Exception {
        framework.stop();
        assertThat(framework.waitForStop(20_000).getType()).isNotEqualTo(FrameworkEvent.WAIT_TIMEDOUT);
        Bundle runtime = startFrameworkWith(properties);
        runtime.start();
        return runtime;
    }

    private List<Path> snapshots() throws IOException {
        return new SnapshotStore(dir.resolve("data/snapshots"), Clock.systemUTC()).newestFirst();
    }

    private Path newestSnapshot() throws IOException {
        return snapshots().get(0);
    }

    private Object configurationAdmin() {
        BundleContext context = configAdmin.getBundleContext();
        return context.getService(context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin"));
    }

    /** Sets one property of a configuration, as the web UI would, through ConfigAdmin's own API classes. */
    private void update(String pid, String key, Object value) throws Exception {
        Object configuration = configuration(pid);
        Method properties = configuration.getClass().getMethod("getProperties");
        @SuppressWarnings("unchecked")
        Dictionary<String, Object> values = (Dictionary<String, Object>) properties.invoke(configuration);
        values.put(key, value);
        configAdmin.loadClass("org.osgi.service.cm.Configuration").getMethod("update", Dictionary.class)
                .invoke(configuration, values);
    }

    private void delete(String pid) throws Exception {
        configAdmin.loadClass("org.osgi.service.cm.Configuration").getMethod("delete").invoke(configuration(pid));
    }

    private Object configuration(String pid) throws Exception {
        Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object[] found = (Object[]) adminType.getMethod("listConfigurations", String.class)
                .invoke(configurationAdmin(), "(service.pid=" + pid + ")");
        assertThat(found).as(pid).hasSize(1);
        return found[0];
    }

    /** Starts Equinox with ConfigAdmin and slf4j running and returns the (installed, not started) bundle under test. */
    private Bundle startFrameworkWith(Map<String, String> properties) throws Exception {
        Map<String, String> configuration = new HashMap<>(properties);
        configuration.putIfAbsent(RuntimeSettings.DATA_DIR, dir.resolve("data").toString());
        configuration.put(Constants.FRAMEWORK_STORAGE, dir.resolve("framework").toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = java.util.ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(configuration);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> infrastructure = new ArrayList<>();
        for (Class<?> type : List.of(LoggerFactory.class, SimpleLogger.class, ConfigurationManager.class)) {
            infrastructure.add(context.installBundle(jarOf(type).toUri().toString()));
        }
        for (Bundle bundle : infrastructure) {
            bundle.start();
        }
        configAdmin = infrastructure.get(2);
        return context.installBundle(runtimeBundle().toUri().toString());
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Decrypts through the CryptoService service the bundle registered, as a component would. */
    private static String decryptWithTheRegisteredCryptoService(Bundle runtime, String value) throws Exception {
        BundleContext context = runtime.getBundleContext();
        ServiceReference<?> reference = context.getServiceReference("org.eclipse.kura.crypto.CryptoService");
        assertThat(reference).as("the runtime's CryptoService").isNotNull();
        assertThat(reference.getBundle()).isEqualTo(runtime);
        Object crypto = context.getService(reference);
        try {
            Method decrypt = crypto.getClass().getMethod("decryptAes", char[].class);
            return new String((char[]) decrypt.invoke(crypto, (Object) value.toCharArray()));
        } finally {
            context.ungetService(reference);
        }
    }

    /** The activator's classes with the imports bnd computes for the real jar. */
    private Path runtimeBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "io.cityhub.runtime");
        main.putValue(Constants.BUNDLE_ACTIVATOR, RuntimeActivator.class.getName());
        main.putValue(
                Constants.IMPORT_PACKAGE,
                "javax.crypto,javax.crypto.spec,javax.xml.parsers,org.xml.sax,org.xml.sax.helpers,"
                    + "org.osgi.framework,org.osgi.framework.launch,org.osgi.service.cm;version=\"[1.6,2)\","
                    + "org.osgi.util.tracker,org.slf4j;version=\"[1.7,2)\",org.osgi.service.log;version=\"[1.3,2)\","
                    + "org.eclipse.osgi.service.environment;resolution:=optional");
        Path classes = Path.of("target/classes");
        Path jar = dir.resolve("io.cityhub.runtime.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes.resolve("io/cityhub/runtime/internal"))) {
            for (Path c : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            // no bundle exports the compat API here: its classes ride along inside the bundle under test
            for (Class<?> api : List.of(CryptoService.class, KuraException.class, KuraErrorCode.class)) {
                String entry = api.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (var in = api.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** PID → properties of every configuration, read through ConfigAdmin's own API classes (not this class path's). */
    private Map<String, Dictionary<String, Object>> configurations() throws Exception {
        // ConfigAdmin's own context: the system bundle's class space holds a different copy of the CM API
        BundleContext context = configAdmin.getBundleContext();
        Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
        ServiceReference<?> reference = context.getServiceReference(adminType.getName());
        Object admin = context.getService(reference);
        try {
            Object[] all = (Object[]) adminType.getMethod("listConfigurations", String.class).invoke(admin,
                    (Object) null);
            Map<String, Dictionary<String, Object>> result = new HashMap<>();
            Method pid = configurationType.getMethod("getPid");
            Method properties = configurationType.getMethod("getProperties");
            for (Object configuration : all == null ? new Object[0] : all) {
                @SuppressWarnings("unchecked")
                Dictionary<String, Object> values = (Dictionary<String, Object>) properties.invoke(configuration);
                result.put((String) pid.invoke(configuration), values);
            }
            return result;
        } finally {
            context.ungetService(reference);
        }
    }
}
