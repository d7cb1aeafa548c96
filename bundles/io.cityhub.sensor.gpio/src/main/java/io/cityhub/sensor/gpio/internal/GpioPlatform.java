package io.cityhub.sensor.gpio.internal;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.cityhub.sensor.gpio.simulation.SimulatedPins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's GPIO header, through one Pi4J context: the libgpiod (character-device) provider on a Raspberry Pi,
 * Pi4J's mock provider elsewhere. Kura's own GPIO support uses the sysfs interface whose line numbers moved on
 * kernel 6.6 (notes/kura.md, GPIO); the character device names lines by their BCM offset on gpiochip0.
 *
 * <p>The framework property {@value #PROVIDER_PROPERTY} chooses: {@code auto} (default: gpiod when
 * {@code /dev/gpiochip0} exists, else mock), {@code gpiod} or {@code mock}. A failing gpiod provider is an
 * activation error, never a silent fall-back to the mock on real hardware.
 */
@Component(service = GpioPlatform.class)
public final class GpioPlatform {

    /** Framework (or system) property choosing the provider: auto, gpiod or mock. */
    public static final String PROVIDER_PROPERTY = "cityhub.gpio.provider";

    /**
     * Framework (or system) property: with the mock provider, every open input toggles on this interval in seconds
     * (the demo); absent or 0 for never.
     */
    public static final String TOGGLE_PROPERTY = "cityhub.gpio.simulate.toggle.seconds";

    /** The character device of the header's GPIO lines on a Raspberry Pi. */
    static final Path GPIOCHIP = Path.of("/dev/gpiochip0");

    private static final Logger LOG = LoggerFactory.getLogger(GpioPlatform.class);

    /** Which provider drives the lines. */
    enum Provider { GPIOD, MOCK }

    private final Provider provider;
    private final Context context;
    private final PinClaims claims = new PinClaims();
    private final MockPinSimulator simulator;
    private final ServiceRegistration<SimulatedPins> simulatorRegistration;

    /** Used by DS: with the mock provider, also offers the {@link SimulatedPins} service. */
    @Activate
    public GpioPlatform(BundleContext bundleContext) {
        this(choose(bundleContext.getProperty(PROVIDER_PROPERTY)), bundleContext);
    }

    private GpioPlatform(Provider provider, BundleContext bundleContext) {
        this.provider = provider;
        this.context = build(provider);
        LOG.info("GPIO lines driven by Pi4J's {} provider", provider.name().toLowerCase(Locale.ROOT));
        if (provider == Provider.MOCK) {
            Duration toggle = toggleInterval(bundleContext.getProperty(TOGGLE_PROPERTY));
            simulator = new MockPinSimulator(this, toggle, new ExecutorPinScheduler("cityhub-gpio-simulator"));
            simulatorRegistration = bundleContext.registerService(SimulatedPins.class, simulator, null);
            if (!toggle.isZero()) {
                LOG.info("simulated GPIO inputs toggle every {} s", toggle.toSeconds());
            }
        } else {
            simulator = null;
            simulatorRegistration = null;
        }
    }

    /** @param provider the provider to drive the lines with */
    GpioPlatform(Provider provider) {
        this.provider = provider;
        this.context = build(provider);
        this.simulator = null;
        this.simulatorRegistration = null;
    }

    static Duration toggleInterval(String configured) {
        if (configured == null || configured.isBlank()) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(configured.trim());
            if (seconds >= 0 && seconds <= 86_400) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("framework property " + TOGGLE_PROPERTY + " has invalid value '"
                + configured + "'; expected seconds from 0 to 86400");
    }

    static Provider choose(String configured) {
        String value = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto", "" -> Files.exists(GPIOCHIP) ? Provider.GPIOD : Provider.MOCK;
            case "gpiod" -> Provider.GPIOD;
            case "mock" -> Provider.MOCK;
            default -> throw new IllegalArgumentException("framework property " + PROVIDER_PROPERTY
                    + " has invalid value '" + configured + "'; expected auto, gpiod or mock");
        };
    }

    private static Context build(Provider provider) {
        // Pi4J looks up plugins and board data with the thread context class loader, which in OSGi is not this
        // bundle's (notes/toolchain.md §1.2); the providers are added explicitly, and the loader is set anyway.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(GpioPlatform.class.getClassLoader());
        try {
            var builder = Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook();
            if (provider == Provider.GPIOD) {
                builder.add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance());
            } else {
                builder.add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance());
            }
            return builder.build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @return whether lines are simulated (Pi4J's mock provider) */
    boolean simulated() {
        return provider == Provider.MOCK;
    }

    /** @return the provider driving the lines */
    Provider provider() {
        return provider;
    }

    /**
     * Claims a line for an input. Pi4J's own debounce is off: {@link Debouncer} does it, the same on every provider.
     *
     * @throws IllegalArgumentException naming both claimants if the line is taken
     */
    DigitalInput openInput(int bcm, String owner, String attribute, GpioPinOptions.Pull pull) {
        claims.claim(bcm, owner, attribute);
        try {
            return context.create(DigitalInput.newConfigBuilder(context).id(inputId(bcm)).name(owner)
                    .address(bcm).pull(pullOf(pull)).debounce(0L));
        } catch (RuntimeException e) {
            claims.release(bcm, owner);
            throw e;
        }
    }

    /**
     * Claims a line for an output that starts, and is left by Pi4J, at {@code safeHigh}.
     *
     * @throws IllegalArgumentException naming both claimants if the line is taken
     */
    DigitalOutput openOutput(int bcm, String owner, boolean safeHigh) {
        claims.claim(bcm, owner, "bcm");
        DigitalState safe = safeHigh ? DigitalState.HIGH : DigitalState.LOW;
        try {
            return context.create(DigitalOutput.newConfigBuilder(context).id(outputId(bcm)).name(owner)
                    .address(bcm).initial(safe).shutdown(safe));
        } catch (RuntimeException e) {
            claims.release(bcm, owner);
            throw e;
        }
    }

    /** Shuts a line down in Pi4J and frees it, if {@code owner} holds it. */
    void release(int bcm, String owner) {
        if (!owner.equals(claims.holder(bcm))) {
            return;
        }
        for (String id : new String[] {inputId(bcm), outputId(bcm)}) {
            if (context.registry().exists(id)) {
                context.shutdown(id);
            }
        }
        claims.release(bcm, owner);
    }

    /**
     * Sets a simulated input line, as a wire would.
     *
     * @return false if the line is not open as a simulated input
     */
    boolean simulateInput(int bcm, boolean high) {
        if (!simulated() || !context.registry().exists(inputId(bcm))) {
            return false;
        }
        MockDigitalInput input = context.registry().get(inputId(bcm), MockDigitalInput.class);
        input.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        return true;
    }

    /** @return the BCM numbers of the simulated input lines open now */
    List<Integer> openSimulatedInputs() {
        if (!simulated()) {
            return List.of();
        }
        List<Integer> lines = new ArrayList<>();
        for (int bcm = GpioPinOptions.MIN_BCM; bcm <= GpioPinOptions.MAX_BCM; bcm++) {
            if (context.registry().exists(inputId(bcm))) {
                lines.add(bcm);
            }
        }
        return lines;
    }

    /** @return the electrical level of a simulated output line: 1 high, 0 low, -1 when not open */
    int simulatedOutputLevel(int bcm) {
        if (!simulated() || !context.registry().exists(outputId(bcm))) {
            return -1;
        }
        return context.registry().<DigitalOutput>get(outputId(bcm)).isHigh() ? 1 : 0;
    }

    /** Shuts Pi4J down; outputs go to their shutdown (safe) level. */
    @Deactivate
    public void close() {
        if (simulatorRegistration != null) {
            try {
                simulatorRegistration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("simulated pins were already unregistered");
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        context.shutdown();
        LOG.info("GPIO provider stopped");
    }

    private static PullResistance pullOf(GpioPinOptions.Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case NONE -> PullResistance.OFF;
        };
    }

    private static String inputId(int bcm) {
        return "bcm-" + bcm + "-in";
    }

    private static String outputId(int bcm) {
        return "bcm-" + bcm + "-out";
    }
}
