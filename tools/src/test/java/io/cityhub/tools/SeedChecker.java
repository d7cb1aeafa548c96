package io.cityhub.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Checks a Kura snapshot against metatype XML files the way Kura reads both (literal element names, no namespace
 * awareness; notes/kura.md §1.3 and §3): every property names an attribute of its PID's OCD, has the attribute's type
 * and a value valid for it (parses, within min/max, one of the options, present where required), arrays only where
 * the cardinality allows them, and factory instances are marked by {@code service.factoryPid} naming a factory PID.
 * The {@code esf:configuration} elements inside XML comments (the seed's commented examples) are checked too, so an
 * example an installer uncomments is valid. Each problem names where it is, the PID, the property and the rule.
 */
final class SeedChecker {

    private static final String ESF = "http://eurotech.com/esf/2.0";
    private static final Set<String> KURA_PROPERTIES = Set.of("kura.service.pid", "service.factoryPid");

    /** One OCD and whether its Designate makes it a factory. */
    record Ocd(String pid, boolean factory, Map<String, Element> attributes) {
    }

    private final Map<String, Ocd> ocds = new HashMap<>();

    /** Adds the OCDs of one metatype file; the PID is its Designate's pid or factoryPid. */
    void addMetatype(String source, InputStream xml) throws IOException {
        Document doc = parse(xml, source);
        Map<String, Map<String, Element>> byId = new HashMap<>();
        for (Element ocd : elements(doc.getElementsByTagName("OCD"))) {
            Map<String, Element> ads = new LinkedHashMap<>();
            for (Element ad : elements(ocd.getElementsByTagName("AD"))) {
                ads.put(ad.getAttribute("id"), ad);
            }
            byId.put(ocd.getAttribute("id"), ads);
        }
        for (Element designate : elements(doc.getElementsByTagName("Designate"))) {
            boolean factory = !designate.getAttribute("factoryPid").isEmpty();
            String pid = factory ? designate.getAttribute("factoryPid") : designate.getAttribute("pid");
            for (Element object : elements(designate.getElementsByTagName("Object"))) {
                Map<String, Element> ads = byId.get(object.getAttribute("ocdref"));
                if (ads != null) {
                    ocds.put(pid, new Ocd(pid, factory, ads));
                }
            }
        }
    }

    /** @return the PIDs read, singletons and factories */
    Map<String, Ocd> ocds() {
        return ocds;
    }

    /** @return every problem in the snapshot and in its commented examples; empty when it is valid */
    List<String> check(String source, InputStream snapshot) throws IOException {
        Document doc = parse(snapshot, source);
        List<String> problems = new ArrayList<>();
        for (Element configuration : elements(doc.getElementsByTagName("esf:configuration"))) {
            checkConfiguration(source, configuration, problems);
        }
        for (Comment comment : comments(doc.getDocumentElement())) {
            if (!comment.getData().contains("<esf:configuration")) {
                continue;
            }
            String where = source + " (commented example)";
            String wrapped =
                    "<esf:configurations xmlns:esf=\"" + ESF + "\">" + comment.getData() + "</esf:configurations>";
            Document example;
            try {
                example = parse(new ByteArrayInputStream(wrapped.getBytes(StandardCharsets.UTF_8)), where);
            } catch (IOException e) {
                problems.add(where + ": not well-formed once uncommented: " + e.getMessage());
                continue;
            }
            for (Element configuration : elements(example.getElementsByTagName("esf:configuration"))) {
                checkConfiguration(where, configuration, problems);
            }
        }
        return problems;
    }

    private void checkConfiguration(String where, Element configuration, List<String> problems) {
        String pid = configuration.getAttribute("pid");
        Map<String, Element> properties = new LinkedHashMap<>();
        for (Element property : elements(configuration.getElementsByTagName("esf:property"))) {
            properties.put(property.getAttribute("name"), property);
        }
        Element factoryProperty = properties.get("service.factoryPid");
        String ocdPid = factoryProperty != null ? firstValue(factoryProperty) : pid;
        String at = where + ": " + pid;
        Ocd ocd = ocds.get(ocdPid);
        if (ocd == null) {
            problems.add(at + ": rule 'PID has a metatype': no cityhub bundle has a metatype for " + ocdPid);
            return;
        }
        if (factoryProperty != null && !ocd.factory()) {
            problems.add(at + ": rule 'factory instance of a factory PID': " + ocdPid + " is a singleton");
        }
        if (factoryProperty == null && ocd.factory()) {
            problems.add(at + ": rule 'factory instance marked by service.factoryPid': " + pid
                    + " is a factory PID; an instance needs its own name and service.factoryPid=" + pid);
        }
        if (factoryProperty != null && pid.contains(".")) {
            problems.add(at + ": rule 'instance name without dots': Kura's UI shows only the part after the last dot");
        }
        if (properties.containsKey("service.pid")) {
            problems.add(at + ": property 'service.pid': rule 'never written': ConfigAdmin generates it");
        }
        Element kuraPid = properties.get("kura.service.pid");
        if (kuraPid != null && !pid.equals(firstValue(kuraPid))) {
            problems.add(at + ": property 'kura.service.pid': rule 'equals the configuration pid': is '"
                    + firstValue(kuraPid) + "'");
        }
        for (Map.Entry<String, Element> property : properties.entrySet()) {
            if (KURA_PROPERTIES.contains(property.getKey()) || "service.pid".equals(property.getKey())) {
                continue;
            }
            Element ad = ocd.attributes().get(property.getKey());
            String prefix = at + ": property '" + property.getKey() + "': ";
            if (ad == null) {
                problems.add(prefix + "rule 'name exists': not an attribute of " + ocdPid + " "
                        + ocd.attributes().keySet());
                continue;
            }
            checkProperty(prefix, property.getValue(), ad, problems);
        }
    }

    private static void checkProperty(String prefix, Element property, Element ad, List<String> problems) {
        String adType = ad.hasAttribute("type") ? ad.getAttribute("type") : "String";
        String type = property.getAttribute("type");
        if (!adType.equals(type)) {
            problems.add(prefix + "rule 'type matches': " + type + " in the snapshot, " + adType + " in the metatype");
            return;
        }
        List<String> values = new ArrayList<>();
        for (Element value : elements(property.getElementsByTagName("esf:value"))) {
            values.add(value.getTextContent());
        }
        int cardinality = ad.hasAttribute("cardinality") ? Integer.parseInt(ad.getAttribute("cardinality")) : 0;
        boolean array = "true".equals(property.getAttribute("array"));
        if (array && Math.abs(cardinality) <= 1 || !array && values.size() != 1) {
            problems.add(prefix + "rule 'cardinality': array=" + array + " with " + values.size()
                    + " value(s) for an attribute of cardinality " + cardinality);
            return;
        }
        if (array && values.size() > Math.abs(cardinality)) {
            problems.add(prefix + "rule 'cardinality': " + values.size() + " values, at most " + Math.abs(cardinality));
        }
        for (String value : values) {
            String invalid = invalid(type, value, ad);
            if (invalid != null) {
                problems.add(prefix + invalid);
            }
        }
    }

    /** @return the broken rule and why, or null when the value is valid for the attribute */
    static String invalid(String type, String value, Element ad) {
        if (value.isEmpty()) {
            // Kura treats an AD without required="false" as required: its form refuses the empty value
            return "false".equals(ad.getAttribute("required")) ? null
                    : "rule 'required': empty, and the metatype requires a value";
        }
        Double number;
        try {
            number = switch (type) {
                case "Integer" -> (double) Integer.parseInt(value);
                case "Long" -> (double) Long.parseLong(value);
                case "Short" -> (double) Short.parseShort(value);
                case "Byte" -> (double) Byte.parseByte(value);
                case "Double" -> Double.parseDouble(value);
                case "Float" -> (double) Float.parseFloat(value);
                case "Char" -> value.length() == 1 ? null : fail("one character");
                case "Boolean" -> "true".equals(value) || "false".equals(value) ? null : fail("true or false");
                case "String", "Password" -> (double) value.length(); // OSGi metatype: min/max bound a String's length
                default -> fail("one of Kura's types");
            };
        } catch (IllegalArgumentException e) {
            return "rule 'parses as " + type + "': '" + value + "' is not " + e.getMessage();
        }
        if (number != null && ad.hasAttribute("min") && number < Double.parseDouble(ad.getAttribute("min"))
                || number != null && ad.hasAttribute("max") && number > Double.parseDouble(ad.getAttribute("max"))) {
            return "rule 'within min/max': '" + value + "' outside [" + ad.getAttribute("min") + ", "
                    + ad.getAttribute("max") + "]" + (type.equals("String") ? " (length)" : "");
        }
        List<String> options = new ArrayList<>();
        for (Element option : elements(ad.getElementsByTagName("Option"))) {
            options.add(option.getAttribute("value"));
        }
        if (!options.isEmpty() && !options.contains(value)) {
            return "rule 'one of the options': '" + value + "' is not one of " + options;
        }
        return null;
    }

    private static Double fail(String expected) {
        throw new IllegalArgumentException(expected);
    }

    private static String firstValue(Element property) {
        NodeList values = property.getElementsByTagName("esf:value");
        return values.getLength() == 0 ? "" : values.item(0).getTextContent();
    }

    private static List<Comment> comments(Node parent) {
        List<Comment> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Comment c) {
                found.add(c);
            } else if (n.hasChildNodes()) {
                found.addAll(comments(n));
            }
        }
        return found;
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static Document parse(InputStream in, String source) throws IOException {
        try (in) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false); // Kura's readers match literal names
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }
}
