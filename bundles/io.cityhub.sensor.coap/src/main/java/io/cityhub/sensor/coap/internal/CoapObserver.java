package io.cityhub.sensor.coap.internal;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource a sensor serves, observed by the gateway (a factory configuration per resource). Holds only its
 * validated options; the {@link CoapSensorServer} picks every observer up as a service and runs it.
 */
@Component(configurationPid = CoapObserver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {CoapObserver.class, ConfigurableComponent.class})
@Designate(ocd = CoapObserverConfig.class, factory = true)
public final class CoapObserver implements ConfigurableComponent {

    /** Factory PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.coap.CoapObserver";

    private static final Logger LOG = LoggerFactory.getLogger(CoapObserver.class);

    private final CoapObserverOptions options;

    /** Used by DS. */
    @Activate
    public CoapObserver(CoapObserverConfig config) {
        this(build(config));
    }

    /**
     * For tests; the package is not exported.
     *
     * @param options the validated observer
     */
    public CoapObserver(CoapObserverOptions options) {
        this.options = options;
    }

    private static CoapObserverOptions build(CoapObserverConfig config) {
        try {
            return CoapObserverOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    CoapObserverOptions options() {
        return options;
    }
}
