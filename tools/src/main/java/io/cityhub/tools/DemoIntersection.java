package io.cityhub.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's intersection: {@code intersections/t-junction.yaml} run by the traffic controller on GPIO pins of
 * Pi4J's mock provider. Its signal heads are output pins, its three loops and its push button are input pins, whose
 * simulated levels the GPIO bundle toggles every few seconds (as it does the door contact), so vehicles and
 * pedestrians keep arriving. Everything is configured as a technician would in Kura: one GpioPin instance per
 * wire and one TrafficController instance.
 */
public final class DemoIntersection {

    /** The definition, relative to the repository. */
    public static final String DEFINITION = "intersections/t-junction.yaml";
    /** The intersection's name in its definition (sensor id {@code traffic/<name>} of its readings). */
    public static final String NAME = "t-junction";

    /** Output id → BCM line: lamps, the pedestrian request acknowledgement, the watchdog heartbeat. */
    static final Map<String, Integer> OUTPUTS = new LinkedHashMap<>();
    /** Input id → BCM line: the loops and the push button of the definition. */
    static final Map<String, Integer> INPUTS = new LinkedHashMap<>();

    static {
        int bcm = 2; // BCM 2..14: thirteen outputs; the door contact keeps BCM 17
        for (String id : new String[] {"me.red", "me.amber", "me.green", "mw.red", "mw.amber", "mw.green", "ss.red",
                "ss.amber", "ss.green", "ps.red", "ps.green", "ps.ack", "tj.heartbeat"}) {
            OUTPUTS.put(id, bcm++);
        }
        INPUTS.put("det.side", 23);
        INPUTS.put("det.main-east", 24);
        INPUTS.put("det.main-west", 25);
        INPUTS.put("btn.side", 26);
    }

    private DemoIntersection() {
    }

    /**
     * Adds the intersection's pins and controller to a snapshot as factory instances.
     *
     * @param snapshot a snapshot file, rewritten in place
     * @param repo the repository, for the definition's absolute path
     * @throws IOException if it cannot be read or written, or has no closing element
     */
    public static void addTo(Path snapshot, Path repo) throws IOException {
        StringBuilder xml = new StringBuilder();
        OUTPUTS.forEach((id, bcm) -> xml.append(pin(id, bcm, "output")));
        INPUTS.forEach((id, bcm) -> xml.append(pin(id, bcm, "input")));
        String definition = repo.resolve(DEFINITION).toAbsolutePath().normalize().toString();
        xml.append(configuration("demoIntersection", "io.cityhub.traffic.TrafficController",
                property("definition.file", "String", definition) + property("mode", "String", "actuated")));
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        Files.writeString(snapshot, text.substring(0, end) + xml + "</esf:configurations>\n", StandardCharsets.UTF_8);
    }

    private static String pin(String id, int bcm, String role) {
        // Kura instance names without dots (the GPIO README)
        String name = "demoPin" + bcm;
        String props = property("bcm", "Integer", Integer.toString(bcm)) + property("role", "String", role)
                + property("sensor.id", "String", id);
        if (role.equals("output")) {
            props += property("active.level", "String", "high");
        }
        return configuration(name, "io.cityhub.sensor.gpio.GpioPin", props);
    }

    private static String configuration(String name, String factoryPid, String properties) {
        return "  <esf:configuration pid=\"" + name + "\">\n    <esf:properties>\n"
                + property("kura.service.pid", "String", name) + property("service.factoryPid", "String", factoryPid)
                + properties + "    </esf:properties>\n  </esf:configuration>\n";
    }

    private static String property(String name, String type, String value) {
        return "      <esf:property name=\"" + name + "\" type=\"" + type
                + "\" array=\"false\" encrypted=\"false\"><esf:value>" + value + "</esf:value></esf:property>\n";
    }
}
