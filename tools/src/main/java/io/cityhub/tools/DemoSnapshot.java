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

    private DemoSnapshot() {
    }

    /**
     * @param seed the seed snapshot
     * @param target where to write the derived one
     * @param overrides PID → (property name → new value); each property must exist in the seed
     * @throws IOException if the seed cannot be read, lacks an overridden property, or the target cannot be written
     */
    public static void derive(Path seed, Path target, Map<String, Map<String, String>> overrides) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(seed.toFile());
            NodeList configurations = doc.getElementsByTagName("esf:configuration");
            for (Map.Entry<String, Map<String, String>> pid : overrides.entrySet()) {
                Element configuration = find(configurations, "pid", pid.getKey(), seed);
                NodeList properties = configuration.getElementsByTagName("esf:property");
                for (Map.Entry<String, String> property : pid.getValue().entrySet()) {
                    Element p = find(properties, "name", property.getKey(), seed);
                    Element value = (Element) p.getElementsByTagName("esf:value").item(0);
                    value.setTextContent(property.getValue());
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
