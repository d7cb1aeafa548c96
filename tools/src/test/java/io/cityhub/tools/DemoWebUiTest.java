package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DemoWebUiTest {

    private static final String SEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
              <esf:configuration pid="io.cityhub.ingest.IngestPipeline">
                <esf:properties>
                </esf:properties>
              </esf:configuration>
            </esf:configurations>
            """;

    @TempDir
    Path dir;

    /** property name → "type=value" of one configuration. */
    private static Map<String, String> properties(Path snapshot, String pid) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(snapshot.toFile());
        NodeList configurations = doc.getElementsByTagName("esf:configuration");
        Map<String, String> found = new HashMap<>();
        for (int i = 0; i < configurations.getLength(); i++) {
            Element configuration = (Element) configurations.item(i);
            if (!pid.equals(configuration.getAttribute("pid"))) {
                continue;
            }
            NodeList properties = configuration.getElementsByTagName("esf:property");
            for (int j = 0; j < properties.getLength(); j++) {
                Element property = (Element) properties.item(j);
                found.put(property.getAttribute("name"), property.getAttribute("type") + "="
                        + property.getElementsByTagName("esf:value").item(0).getTextContent());
            }
        }
        return found;
    }

    @Test
    void refusesToConfigureTheUiTwice() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot.xml"), SEED);
        DemoWebUi.addTo(snapshot, 8088);

        assertThatThrownBy(() -> DemoWebUi.disableIn(snapshot)).isInstanceOf(IOException.class)
                .hasMessageContaining("configures " + DemoWebUi.PID + " already");
    }

    @Test
    void aGatewayWithoutUiGetsTheUiDisabledInItsSnapshot() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snapshot.xml"), SEED);

        DemoWebUi.disableIn(snapshot);

        assertThat(properties(snapshot, DemoWebUi.PID)).containsOnly(
                Map.entry("kura.service.pid", "String=" + DemoWebUi.PID), Map.entry("enabled", "Boolean=false"));
        assertThat(properties(snapshot, "io.cityhub.ingest.IngestPipeline")).isEmpty();
    }
}
