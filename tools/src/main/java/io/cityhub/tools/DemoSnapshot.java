package io.cityhub.tools;

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
 * Derives a snapshot from the seed ({@code kura-config/snapshot_0.xml}) with a few values changed, the way a
 * technician would edit it: same file format, same PIDs.
 */
public final class DemoSnapshot {

    /**
     * A property value to write.
     *
     * @param type the Kura type (String, Integer, Long, Boolean, Double, ...) used if the seed lacks the property,
     *     or null if the seed must already have it
     * @param value the value as text
     */
    public record Value(String type, String value) {
    }

    private DemoSnapshot() {
    }

    /**
     * @param seed the seed snapshot
     * @param target where to write the derived one
     * @param overrides PID → (property name → new value); each property must exist in the seed
     * @throws IOException if the seed cannot be read, lacks an overridden property, or the target cannot be written
     */
    public static void derive(Path seed, Path target, Map<String, Map<String, String>> overrides) throws IOException {
        Map<String, Map<String, Value>> typed = new java.util.LinkedHashMap<>();
        overrides.forEach((pid, properties) -> {
            Map<String, Value> values = new java.util.LinkedHashMap<>();
            properties.forEach((name, value) -> values.put(name, new Value(null, value)));
            typed.put(pid, values);
        });
        deriveTyped(seed, target, typed);
    }

    /**
     * Like {@link #derive}, but a property the seed leaves at its metatype default is added with the given type.
     *
     * @param seed the seed snapshot
     * @param target where to write the derived one
     * @param overrides PID → (property name → value)
     * @throws IOException if the seed cannot be read, lacks a configuration, or lacks an untyped property
     */
    public static void deriveTyped(Path seed, Path target, Map<String, Map<String, Value>> overrides)
            throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(seed.toFile());
            NodeList configurations = doc.getElementsByTagName("esf:configuration");
            for (Map.Entry<String, Map<String, Value>> pid : overrides.entrySet()) {
                Element configuration = find(configurations, "pid", pid.getKey(), seed);
                Element properties = (Element) configuration.getElementsByTagName("esf:properties").item(0);
                for (Map.Entry<String, Value> property : pid.getValue().entrySet()) {
                    Element p = property.getValue().type() == null
                            ? find(properties.getElementsByTagName("esf:property"), "name", property.getKey(), seed)
                            : findOrAdd(doc, properties, property.getKey(), property.getValue().type());
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

    private static Element findOrAdd(Document doc, Element properties, String name, String type) {
        NodeList nodes = properties.getElementsByTagName("esf:property");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (name.equals(e.getAttribute("name"))) {
                return e;
            }
        }
        // written the way Kura writes every property: explicit array and encrypted flags
        Element p = doc.createElement("esf:property");
        p.setAttribute("name", name);
        p.setAttribute("type", type);
        p.setAttribute("array", "false");
        p.setAttribute("encrypted", "false");
        p.appendChild(doc.createElement("esf:value"));
        properties.appendChild(p);
        return p;
    }

    private static Element find(NodeList nodes, String attribute, String value, Path seed) throws IOException {
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (value.equals(e.getAttribute(attribute))) {
                return e;
            }
        }
        throw new IOException(seed + " has no " + attribute + "=\"" + value + "\"");
    }
}
