package io.cityhub.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Kura 5.x's OSGi stack inside the test JVM: Equinox 3.16 with Felix SCR 2.1.16, ConfigAdmin, Metatype, slf4j
 * 1.7.36 and Felix DeploymentAdmin 0.9.5 with DependencyManager 3 (notes/kura.md §5), but none of cityhub's
 * bundles: those arrive in the deployment package, as on a Kura gateway.
 *
 * <p>Kura's own API packages ({@code org.eclipse.kura.*}) and the service APIs the test talks to are exported by
 * the system bundle from the test class path, as Kura exports its API to every add-on: the test and the bundles
 * then share one copy of {@code CryptoService}, {@code ConfigurationAdmin}, {@code ServiceComponentRuntime} and
 * {@code DeploymentAdmin}.
 */
final class KuraLikeFramework implements AutoCloseable {

    /** Exported by the system bundle at the versions Kura 5.x and the listed bundles export them. */
    private static final String SYSTEM_PACKAGES_EXTRA = String.join(",",
            "org.eclipse.kura;version=1.7.0",
            "org.eclipse.kura.configuration;version=1.2.0",
            "org.eclipse.kura.crypto;version=1.3.0",
            "org.osgi.service.cm;version=1.6.0",
            "org.osgi.service.component;version=1.4.0",
            "org.osgi.service.component.runtime;version=1.4.0",
            "org.osgi.service.component.runtime.dto;version=1.4.0",
            "org.osgi.util.promise;version=1.3.0",
            "org.osgi.util.function;version=1.2.0",
            "org.osgi.service.deploymentadmin;version=1.0.0",
            "org.osgi.service.deploymentadmin.spi;version=1.0.0");

    private final Framework framework;

    private KuraLikeFramework(Framework framework) {
        this.framework = framework;
    }

    /**
     * Starts the framework and every bundle in {@code stackDir} (the Kura-like stack the build copies there).
     *
     * @param stackDir directory holding the stack's bundle jars
     * @param storage the framework's storage directory (cleaned first)
     * @return the running framework
     * @throws IOException if the stack is missing
     * @throws BundleException if a bundle does not install or start
     */
    static KuraLikeFramework start(Path stackDir, Path storage) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(stackDir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IOException("no bundles in " + stackDir + "; the build copies the Kura-like stack there");
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        properties.put("org.slf4j.simpleLogger.log.org.eclipse.californium", "warn");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the test class path"));
        Framework framework = factory.newFramework(properties);
        framework.start();
        KuraLikeFramework started = new KuraLikeFramework(framework);
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                try (InputStream in = Files.newInputStream(jar)) {
                    installed.add(context.installBundle(jar.toUri().toString(), in));
                }
            }
            for (Bundle bundle : installed) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            }
            return started;
        } catch (BundleException | IOException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** @return the system bundle's context */
    BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
        } catch (BundleException e) {
            throw new IllegalStateException("cannot stop the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
