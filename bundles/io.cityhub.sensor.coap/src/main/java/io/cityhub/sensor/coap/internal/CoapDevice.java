package io.cityhub.sensor.coap.internal;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured CoAP device (a factory configuration per device). Holds only its validated options; the
 * {@link CoapSensorServer} picks every device up as a service.
 */
@Component(configurationPid = CoapDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {CoapDevice.class, ConfigurableComponent.class})
@Designate(ocd = CoapDeviceConfig.class, factory = true)
public final class CoapDevice implements ConfigurableComponent {

    /** Factory PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.coap.CoapDevice";

    private static final Logger LOG = LoggerFactory.getLogger(CoapDevice.class);

    private final CoapDeviceOptions options;

    /** Used by DS. */
    @Activate
    public CoapDevice(CoapDeviceConfig config, @Reference(name = "crypto") CryptoService crypto) {
        this(build(config, crypto));
    }

    /**
     * For tests; the package is not exported.
     *
     * @param options the validated device
     */
    public CoapDevice(CoapDeviceOptions options) {
        this.options = options;
    }

    private static CoapDeviceOptions build(CoapDeviceConfig config, CryptoService crypto) {
        try {
            CoapDeviceOptions options = CoapDeviceOptions.from(config, crypto);
            LOG.info("{} configured", options);
            return options;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    CoapDeviceOptions options() {
        return options;
    }
}
