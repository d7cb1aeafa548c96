package io.cityhub.sensor.lora.internal;

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
 * One configured LoRaWAN device (a factory configuration per device). Holds only its validated options; the
 * {@link LoraGateway} picks every device up as a service and keeps its session.
 */
@Component(configurationPid = LoraDevice.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {LoraDevice.class, ConfigurableComponent.class})
@Designate(ocd = LoraDeviceConfig.class, factory = true)
public final class LoraDevice implements ConfigurableComponent {

    /** Factory PID and metatype OCD id. */
    public static final String PID = "io.cityhub.sensor.lora.LoraDevice";

    private static final Logger LOG = LoggerFactory.getLogger(LoraDevice.class);

    private final LoraDeviceOptions options;

    /** Used by DS. */
    @Activate
    public LoraDevice(LoraDeviceConfig config, @Reference CryptoService crypto) {
        this(build(config, crypto));
    }

    /**
     * For tests and the tools; the package is not exported.
     *
     * @param options the validated device
     */
    public LoraDevice(LoraDeviceOptions options) {
        this.options = options;
    }

    private static LoraDeviceOptions build(LoraDeviceConfig config, CryptoService crypto) {
        try {
            LoraDeviceOptions options = LoraDeviceOptions.from(config, crypto);
            LOG.info("LoRaWAN device configured: {}", options);
            return options;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    LoraDeviceOptions options() {
        return options;
    }
}
