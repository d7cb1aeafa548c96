package io.cityhub.itest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** Reads cityhub's metatypes the two ways Kura does: the OSGi MetaTypeService, and the raw XML files. */
final class Metatypes {

    /** Kura's Scalar names, keyed by the OSGi AttributeDefinition type constants. */
    static final Map<Integer, String> KURA_TYPES = Map.of(
            AttributeDefinition.STRING, "String", AttributeDefinition.LONG, "Long",
            AttributeDefinition.INTEGER, "Integer", AttributeDefinition.SHORT, "Short",
            AttributeDefinition.CHARACTER, "Char", AttributeDefinition.BYTE, "Byte",
            AttributeDefinition.DOUBLE, "Double", AttributeDefinition.FLOAT, "Float",
            AttributeDefinition.BOOLEAN, "Boolean", AttributeDefinition.PASSWORD, "Password");

    private Metatypes() {
    }

    static List<Bundle> cityhubBundles(BundleContext context) {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("io.cityhub.")
                        && !b.getSymbolicName().startsWith("io.cityhub.itest"))
                .toList();
    }

    /** @return every metatype XML file in the bundle, by entry name */
    static Map<String, Document> files(Bundle bundle) throws IOException {
        Map<String, Document> files = new TreeMap<>();
        var entries = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            files.put(url.getPath().substring(url.getPath().lastIndexOf('/') + 1), parse(url));
        }
        return files;
    }

    /** The OCD of a PID or factory PID, from whichever cityhub bundle defines it. */
    static Optional<ObjectClassDefinition> ocd(BundleContext context, MetaTypeService metatype, String pid) {
        for (Bundle bundle : cityhubBundles(context)) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            boolean defines = Arrays.asList(info.getPids()).contains(pid)
                    || Arrays.asList(info.getFactoryPids()).contains(pid);
            if (defines) {
                return Optional.ofNullable(info.getObjectClassDefinition(pid, null));
            }
        }
        return Optional.empty();
    }

    /** Every singleton and factory PID with a metatype in a cityhub bundle. */
    static List<String> pids(BundleContext context, MetaTypeService metatype) {
        List<String> pids = new ArrayList<>();
        for (Bundle bundle : cityhubBundles(context)) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
            if (info != null) {
                pids.addAll(Arrays.asList(info.getPids()));
                pids.addAll(Arrays.asList(info.getFactoryPids()));
            }
        }
        return pids;
    }

    static Document parse(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return parse(in);
        }
    }

    /** Parses without namespace awareness, as Kura's own metatype and snapshot readers do. */
    static Document parse(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(e);
        }
    }
}
