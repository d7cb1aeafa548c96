package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Derives the benchmark's snapshot from the seed. Unlike {@code io.cityhub.tools.DemoSnapshot}, which only changes
 * properties the seed already has, this also adds a property the seed leaves at its metatype default (the
 * benchmark sets e.g. the outbox directory and the reconnect delay), with the Kura property type given.
 */
final class SnapshotWriter {

    /** One property value and its Kura type (String, Integer, Long, Boolean, Double, ...). */
    record Value(String type, String value) {
    }

    private SnapshotWriter() {
    }

    static void derive(Path seed, Path target, Map<String, Map<String, Value>> overrides) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(seed.toFile());
            NodeList configurations = doc.getElementsByTagName("esf:configuration");
            for (Map.Entry<String, Map<String, Value>> pid : overrides.entrySet()) {
                Element configuration = find(configurations, "pid", pid.getKey());
                if (configuration == null) {
                    throw new IOException(seed + " has no configuration for " + pid.getKey());
                }
                Element properties = (Element) configuration.getElementsByTagName("esf:properties").item(0);
                for (Map.Entry<String, Value> property : pid.getValue().entrySet()) {
                    Element p = find(properties.getElementsByTagName("esf:property"), "name", property.getKey());
                    if (p == null) {
                        p = doc.createElement("esf:property");
                        p.setAttribute("name", property.getKey());
                        p.setAttribute("type", property.getValue().type());
                        p.setAttribute("array", "false");
                        p.setAttribute("encrypted", "false");
                        p.appendChild(doc.createElement("esf:value"));
                        properties.appendChild(p);
                    }
                    Element value = (Element) p.getElementsByTagName("esf:value").item(0);
                    value.setTextContent(property.getValue().value());
                }
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(target.toFile()));
        } catch (ParserConfigurationException | SAXException | TransformerException e) {
            throw new IOException("cannot derive a snapshot from " + seed + ": " + e.getMessage(), e);
        }
    }

    private static Element find(NodeList nodes, String attribute, String value) {
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (value.equals(e.getAttribute(attribute))) {
                return e;
            }
        }
        return null;
    }
}
