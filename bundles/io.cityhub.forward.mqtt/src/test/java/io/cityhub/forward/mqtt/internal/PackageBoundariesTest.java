package io.cityhub.forward.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundle's package boundaries, read from the compiled classes (a class file names every type it uses in its
 * constant pool): no class uses Paho, only {@code link} uses the {@code wire} client, and the feature packages never
 * reach back into the wiring package.
 */
class PackageBoundariesTest {

    private static final String ROOT = "io/cityhub/forward/mqtt/internal/";

    @Test
    void noClassUsesPahoAndOnlyTheLinkPackageUsesTheWire() throws IOException, URISyntaxException {
        List<String> paho = new ArrayList<>();
        List<String> wire = new ArrayList<>();
        for (Path file : classFiles()) {
            String name = relative(file);
            if (mentions(file, "org/eclipse/paho/")) {
                paho.add(name);
            }
            if (!name.startsWith("link/") && !name.startsWith("wire/") && mentions(file, ROOT + "wire/")) {
                wire.add(name);
            }
        }
        assertThat(paho).as("classes that use Paho (the uplink has its own MQTT client)").isEmpty();
        assertThat(wire).as("classes outside the link package that use the wire package").isEmpty();
    }

    @Test
    void featurePackagesDoNotDependOnTheWiringPackage() throws IOException, URISyntaxException {
        List<String> offenders = new ArrayList<>();
        List<Path> files = classFiles();
        assertThat(files.stream().map(this::relative).filter(n -> n.contains("/"))).as("feature packages").isNotEmpty();
        for (Path file : files) {
            String name = relative(file);
            if (!name.contains("/")) {
                continue; // the wiring package itself
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int at = text.indexOf(ROOT);
            while (at >= 0) {
                String rest = text.substring(at + ROOT.length(), Math.min(text.length(), at + ROOT.length() + 80));
                // a type of the root package: no further '/' before the name ends
                String type = rest.split("[;<>()\\x00-\\x1f]", 2)[0];
                if (!type.isEmpty() && !type.contains("/")) {
                    offenders.add(name + " -> " + type);
                }
                at = text.indexOf(ROOT, at + 1);
            }
        }
        assertThat(offenders).as("feature-package classes that use the wiring package").isEmpty();
    }

    private List<Path> classFiles() throws IOException, URISyntaxException {
        Path classes = Path.of(MqttForwarder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> walk = Files.walk(classes.resolve(ROOT))) {
            return walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    private String relative(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.substring(path.indexOf(ROOT) + ROOT.length());
    }

    private static boolean mentions(Path file, String text) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }
}
