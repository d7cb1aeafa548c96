package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.clock.ClockState;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.output.DigitalOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured wire on the GPIO header (a factory component: Kura's "+" makes one per wire). By its role it is a
 * digital input registered as a {@link DigitalInput} service with the property {@value DigitalInput#INPUT_ID}, a
 * pulse counter, or an output registered as a {@link DigitalOutput} service with the property
 * {@value DigitalOutput#OUTPUT_ID}. Every change of configuration restarts it; an output passes through its safe
 * state in between.
 */
@Component(configurationPid = GpioPin.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConfigurableComponent.class, immediate = true)
@Designate(ocd = GpioPinConfig.class, factory = true)
public final class GpioPin implements ConfigurableComponent {

    /** Factory configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.gpio.GpioPin";

    /** Framework (or system) property naming the gateway's data root; set by the standalone runtime. */
    static final String DATA_DIR_PROPERTY = "cityhub.data.dir";

    /** Service property of a registered output naming its BCM line. */
    static final String BCM_PROPERTY = "cityhub.gpio.bcm";

    private static final Logger LOG = LoggerFactory.getLogger(GpioPin.class);

    private final GpioPinOptions options;
    private final GpioPlatform platform;
    private final String owner;
    private final PinScheduler scheduler;
    private final ReadingStamper stamper;
    private final RunningPin role;
    private final ServiceRegistration<?> registration;

    /** Used by DS. */
    @Activate
    public GpioPin(GpioPinConfig config, Map<String, Object> properties, BundleContext bundleContext,
            @Reference(name = "platform") GpioPlatform platform, @Reference(name = "sink") ObservationSink sink) {
        this(optionsOrLog(config), owner(properties), platform, sink, new ReadingStamper(null, Clock.systemUTC()),
                () -> dataRoot(bundleContext), bundleContext);
    }

    /**
     * The gateway's clock state, optional and dynamic: bound right after construction when there is one (the state
     * reading at start is then still stamped UNSYNCHRONISED), swapped without restarting the pin.
     */
    @Reference(name = "clockState", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindClockState")
    void bindClockState(ClockState clockState) {
        stamper.use(clockState);
    }

    void unbindClockState(ClockState clockState) {
        stamper.release(clockState);
    }

    /**
     * For tests: a pin without OSGi (an output is then not registered as a service).
     *
     * @param dataRoot supplies the data root, asked only by counters
     * @param bundleContext registers an output's service, or null for none
     */
    GpioPin(GpioPinOptions options, String owner, GpioPlatform platform, ObservationSink sink, ReadingStamper stamper,
            DataRoot dataRoot, BundleContext bundleContext) {
        this(options, owner, platform, sink, stamper, dataRoot, bundleContext,
                new ExecutorPinScheduler("cityhub-gpio-" + options.bcm()));
    }

    GpioPin(GpioPinOptions options, String owner, GpioPlatform platform, ObservationSink sink, ReadingStamper stamper,
            DataRoot dataRoot, BundleContext bundleContext, PinScheduler scheduler) {
        this.options = Objects.requireNonNull(options, "options");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.scheduler = scheduler;
        this.stamper = Objects.requireNonNull(stamper, "stamper");
        SinkSubmitter submitter = new SinkSubmitter(sink, "BCM " + options.bcm() + " (" + options.sensorId() + ")");
        RelayOutput output = null;
        InputPin inputPin = null;
        try {
            switch (options.role()) {
                case INPUT -> {
                    inputPin = new InputPin(options, platform.openInput(options.bcm(), owner, "bcm", options.pull()),
                            submitter, scheduler, stamper);
                    role = inputPin;
                }
                case COUNTER -> role = new CounterPin(options,
                        platform.openInput(options.bcm(), owner, "bcm", options.pull()), submitter, scheduler,
                        stamper, new CounterStore(stateFile(options, dataRoot)));
                case OUTPUT -> {
                    var line = platform.openOutput(options.bcm(), owner, options.safeOn() == options.activeHigh());
                    var feedback = options.feedbackBcm() < 0 ? null
                            : platform.openInput(options.feedbackBcm(), owner, "feedback.bcm", options.pull());
                    output = new RelayOutput(options, line, feedback, submitter, scheduler, stamper);
                    role = output;
                }
                default -> throw new IllegalStateException("unknown role " + options.role());
            }
            registration = bundleContext == null ? null
                    : output != null ? register(bundleContext, output)
                    : inputPin != null ? register(bundleContext, inputPin) : null;
        } catch (IllegalArgumentException e) {
            stop();
            LOG.error("{}: activation of {} failed: {}", PID, owner, e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            stop();
            LOG.error("{}: activation of {} (BCM {}) failed: {}", PID, owner, options.bcm(), e.getMessage());
            throw new IllegalStateException(PID + ": " + owner + " (BCM " + options.bcm() + "): " + e.getMessage(), e);
        }
        LOG.info("GPIO pin {} on BCM {} started as {} '{}'", owner, options.bcm(), options.role(), options.sensorId());
    }

    /** Where a counter's state lives: the data root when none is configured, never the working directory. */
    @FunctionalInterface
    interface DataRoot {
        /** @return the data root folder */
        Path get();
    }

    private static GpioPinOptions optionsOrLog(GpioPinConfig config) {
        try {
            return GpioPinOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    private static String owner(Map<String, Object> properties) {
        Object kuraPid = properties.get("kura.service.pid");
        Object pid = kuraPid != null ? kuraPid : properties.get("service.pid");
        return pid != null ? pid.toString() : PID;
    }

    private static Path stateFile(GpioPinOptions options, DataRoot dataRoot) {
        Path dir = options.stateDir().isAbsolute() ? options.stateDir() : dataRoot.get().resolve(options.stateDir());
        return dir.resolve("counter-" + options.sensorId() + ".state");
    }

    /** The data root: {@value #DATA_DIR_PROPERTY} when the runtime sets it, else this bundle's storage area. */
    static Path dataRoot(BundleContext bundleContext) {
        String configured = bundleContext.getProperty(DATA_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        File area = bundleContext.getDataFile("");
        if (area == null) {
            throw new IllegalStateException("no data root: " + DATA_DIR_PROPERTY
                    + " is not set and the framework offers no bundle storage area");
        }
        return area.toPath();
    }

    private ServiceRegistration<DigitalOutput> register(BundleContext bundleContext, RelayOutput output) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DigitalOutput.OUTPUT_ID, options.sensorId());
        properties.put(BCM_PROPERTY, options.bcm());
        return bundleContext.registerService(DigitalOutput.class, output, properties);
    }

    private ServiceRegistration<DigitalInput> register(BundleContext bundleContext, InputPin input) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DigitalInput.INPUT_ID, options.sensorId());
        properties.put(BCM_PROPERTY, options.bcm());
        return bundleContext.registerService(DigitalInput.class, input, properties);
    }

    /** @return the role's implementation, for tests */
    RunningPin role() {
        return role;
    }

    /**
     * Withdraws an input's or output's service, stops the role (an output goes to its safe state) and frees the lines.
     */
    @Deactivate
    public void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("output {} was already unregistered", options.sensorId());
            }
        }
        stop();
        LOG.info("GPIO pin {} on BCM {} stopped", owner, options.bcm());
    }

    private void stop() {
        try {
            if (role != null) {
                role.close();
            }
        } finally { // whatever the role did, its timers stop and its lines are freed for the next owner
            scheduler.close();
            platform.release(options.bcm(), owner);
            if (options.feedbackBcm() >= 0) {
                platform.release(options.feedbackBcm(), owner);
            }
        }
    }
}
