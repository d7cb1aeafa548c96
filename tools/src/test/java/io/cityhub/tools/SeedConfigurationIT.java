package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seed an installer puts on a gateway image, {@code kura-config/snapshot_0.xml}, against the metatype XML of the
 * bundles the Kura package carries (as built, read from the jars the way Kura reads them): every property and every
 * commented example valid, every configurable singleton configured, and the examples the installers' guide promises
 * present (a LoRaWAN OTAA device, a rain gauge on GPIO, an intersection) beside the CoAP server, the concentrator's
 * packet-forwarder server and the uplink.
 */
class SeedConfigurationIT {

    @Test
    void seedAgreesWithTheMetatypesTheBundlesBuild() throws Exception {
        Path repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path bundles = repo.resolve("distribution/target/dp/bundles");
        SeedChecker checker = new SeedChecker();
        List<Path> jars;
        try (Stream<Path> files = Files.list(bundles)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).as("bundles in " + bundles).hasSizeGreaterThanOrEqualTo(9);
        for (Path jar : jars) {
            try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (e.getName().startsWith("OSGI-INF/metatype/") && e.getName().endsWith(".xml")) {
                        checker.addMetatype(jar.getFileName() + "!/" + e.getName(),
                                new ByteArrayInputStream(in.readAllBytes()));
                    }
                }
            }
        }
        assertThat(checker.ocds()).as("metatypes read").containsKeys("io.cityhub.forward.mqtt.MqttForwarder",
                "io.cityhub.sensor.lora.LoraDevice", "io.cityhub.sensor.gpio.GpioPin",
                "io.cityhub.traffic.TrafficController");

        Path seed = repo.resolve("kura-config/snapshot_0.xml");
        List<String> problems =
                new ArrayList<>(checker.check("kura-config/snapshot_0.xml", Files.newInputStream(seed)));
        String text = Files.readString(seed);
        for (SeedChecker.Ocd ocd : checker.ocds().values()) {
            if (!ocd.factory() && !text.contains("<esf:configuration pid=\"" + ocd.pid() + "\">")) {
                problems.add(ocd.pid() + ": rule 'every configurable singleton in the seed': missing");
            }
            if (ocd.factory() && !text.contains("<esf:value>" + ocd.pid() + "</esf:value>")) {
                problems.add(ocd.pid() + ": rule 'a commented example of every factory component': missing");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(text).as("examples in the seed").contains("<esf:value>OTAA</esf:value>",
                "<esf:value>counter</esf:value>", "<esf:value>mm</esf:value>");
    }
}
