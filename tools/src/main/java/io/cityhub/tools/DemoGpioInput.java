package io.cityhub.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo's GPIO input: a door contact on BCM 17, read through Pi4J's mock provider, whose simulated level the
 * GPIO bundle toggles every few seconds so the path from pin to platform is visible without a Raspberry Pi.
 */
public final class DemoGpioInput {

    /** The sensor id its readings carry. */
    public static final String SENSOR = "door-contact-1";

    /** The BCM number of the pin. */
    public static final int BCM = 17;

    /** How often the simulated input toggles. */
    public static final int TOGGLE_SECONDS = 3;

    // the framework property names of io.cityhub.sensor.gpio's GpioPlatform (its README, "Provider")
    private static final String PROVIDER_PROPERTY = "cityhub.gpio.provider";
    private static final String TOGGLE_PROPERTY = "cityhub.gpio.simulate.toggle.seconds";

    private DemoGpioInput() {
    }

    /**
     * @return the framework properties that start the gateway on the mock provider with toggling inputs
     */
    public static Map<String, String> frameworkProperties() {
        return Map.of(PROVIDER_PROPERTY, "mock", TOGGLE_PROPERTY, Integer.toString(TOGGLE_SECONDS));
    }

    /**
     * Adds the pin to a snapshot as a factory instance of {@code io.cityhub.sensor.gpio.GpioPin}, as a technician
     * would with the Kura UI's "+".
     *
     * @param snapshot a snapshot file, rewritten in place
     * @throws IOException if it cannot be read or written, or has no closing element
     */
    public static void addTo(Path snapshot) throws IOException {
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        String pin = """
                  <esf:configuration pid="demoDoorContact">
                    <esf:properties>
                      <esf:property name="kura.service.pid" type="String" array="false" \
                          encrypted="false"><esf:value>demoDoorContact</esf:value></esf:property>
                      <esf:property name="service.factoryPid" type="String" array="false" \
                          encrypted="false"><esf:value>io.cityhub.sensor.gpio.GpioPin</esf:value></esf:property>
                      <esf:property name="bcm" type="Integer" array="false" \
                          encrypted="false"><esf:value>%d</esf:value></esf:property>
                      <esf:property name="role" type="String" array="false" \
                          encrypted="false"><esf:value>input</esf:value></esf:property>
                      <esf:property name="sensor.id" type="String" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>""".formatted(BCM, SENSOR);
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        Files.writeString(snapshot, text.substring(0, end) + pin.strip() + "\n", StandardCharsets.UTF_8);
    }
}
