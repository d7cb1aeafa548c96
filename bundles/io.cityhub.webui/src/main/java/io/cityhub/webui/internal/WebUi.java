package io.cityhub.webui.internal;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.health.SensorActivity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technician's web UI of the standalone runtime: a status page and the configuration forms, behind a login.
 * Without the credentials file it serves nothing and says at ERROR what to do; the rest of the gateway runs on.
 * No {@code @Modified}: a configuration change restarts the server (and ends every session).
 */
@Component(configurationPid = WebUi.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = ConfigurableComponent.class, immediate = true)
@Designate(ocd = WebUiConfig.class)
public final class WebUi implements ConfigurableComponent {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.webui.WebUi";
    static final String DATA_DIR = "cityhub.data.dir";
    /** Concurrent logins kept; more end the oldest. */
    static final int MAX_SESSIONS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();
    private final List<SensorActivity> activity = new CopyOnWriteArrayList<>();
    private final WebServer server;

    /**
     * Used by DS.
     *
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid, or the
     *     port cannot be bound (logged at ERROR)
     */
    @Activate
    public WebUi(WebUiConfig config, BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference MetaTypeService metaType, @Reference CryptoService crypto) {
        this(validated(config), context.getProperty(DATA_DIR), new MetatypeCatalog(context, metaType),
                configurationAdmin, sealer(crypto), Clock.systemUTC());
    }

    /**
     * For tests: plain collaborators.
     *
     * @param options the validated configuration
     * @param dataDir the runtime's data directory, null for the {@value #DATA_DIR} system property or {@code data}
     * @param catalog the configurable components
     * @param configurationAdmin where configurations live
     * @param sealer encrypts Password values
     * @param clock the gateway clock
     */
    WebUi(WebUiOptions options, String dataDir, ConfigCatalog catalog, ConfigurationAdmin configurationAdmin,
            MetatypeForm.Sealer sealer, Clock clock) {
        if (!options.enabled()) {
            LOG.info("cityhub web UI disabled (enabled=false)");
            server = null;
            return;
        }
        Path file = credentialsFile(options, dataDir);
        Credentials credentials = credentials(file);
        if (credentials == null) {
            server = null;
            return;
        }
        Router router = new Router(credentials,
                new Sessions(clock, new SecureRandom(), options.sessionIdle(), MAX_SESSIONS),
                new LoginThrottle(clock),
                new StatusPage(() -> List.copyOf(contributors), () -> List.copyOf(activity), clock,
                        options.silentAfter()),
                new ConfigPages(catalog, configurationAdmin, sealer), options.maxRequestBytes());
        try {
            server = new WebServer(new InetSocketAddress(options.bindAddress(), options.port()), options.threads(),
                    options.maxRequestBytes(), router);
        } catch (IOException e) {
            String message = PID + ": attribute 'port' has invalid value '" + options.port() + "'; cannot listen on "
                    + options.bindAddress() + ":" + options.port() + " (" + e.getMessage() + ")";
            LOG.error("{}", message);
            throw new IllegalArgumentException(message, e);
        }
        LOG.info("cityhub web UI: http://{}:{}/ (log in as '{}')", options.bindAddress(), server.address().getPort(),
                credentials.user());
    }

    private static WebUiOptions validated(WebUiConfig config) {
        try {
            return WebUiOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    static Path credentialsFile(WebUiOptions options, String dataDir) {
        String dir = dataDir != null ? dataDir : System.getProperty(DATA_DIR, "data");
        Path base = Path.of(dir).toAbsolutePath();
        return options.credentialsFile().isEmpty() ? base.resolve(Credentials.DEFAULT_FILE_NAME)
                : base.resolve(options.credentialsFile());
    }

    /** @return the credentials, or null (logged at ERROR with what to do) */
    private static Credentials credentials(Path file) {
        String remedy = "Set them with './cityhub ui-password' (for this data directory: './cityhub ui-password"
                + " --file " + file + "') and restart the gateway, or set " + PID + " enabled=false for a gateway"
                + " without a UI; the rest of the gateway runs on without the UI.";
        try {
            return Credentials.read(file);
        } catch (NoSuchFileException e) {
            LOG.error("cityhub web UI not started: there is no default password and no credentials file {}. {}",
                    file, remedy);
        } catch (IOException e) {
            LOG.error("cityhub web UI not started: cannot read the credentials file {} ({}). {}", file, e.toString(),
                    remedy);
        } catch (IllegalArgumentException e) {
            LOG.error("cityhub web UI not started: the credentials file {} is malformed ({}). {}", file,
                    e.getMessage(), remedy);
        }
        return null;
    }

    private static MetatypeForm.Sealer sealer(CryptoService crypto) {
        return plain -> {
            try {
                return new String(crypto.encryptAes(plain.toCharArray()));
            } catch (KuraException e) {
                // the exception could only describe the value; leave it out
                throw new IOException("the CryptoService cannot encrypt a Password value (" + e.getCode() + ")");
            }
        };
    }

    /** @return where the UI listens, or null if it did not start */
    InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** @param contributor a health section to show */
    @Reference(name = "health", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeHealth")
    void addHealth(HealthContributor contributor) {
        contributors.add(contributor);
    }

    void removeHealth(HealthContributor contributor) {
        contributors.remove(contributor);
    }

    /** @param sensors a source of per-sensor last readings */
    @Reference(name = "activity", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeActivity")
    void addActivity(SensorActivity sensors) {
        activity.add(sensors);
    }

    void removeActivity(SensorActivity sensors) {
        activity.remove(sensors);
    }

    /** Stops the server and its threads; every session ends. */
    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
        }
    }
}
