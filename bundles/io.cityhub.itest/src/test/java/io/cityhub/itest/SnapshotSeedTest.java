package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The seed configuration an installer puts on a Kura image, {@code kura-config/snapshot_0.xml}, and the metatype of
 * every component agree: every PID in the seed has a metatype, every property is an attribute of that metatype with
 * the same type and a valid value, and every configurable singleton appears in the seed.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SnapshotSeedTest {

    /**
     * Configurable singletons of bundles the Kura package does not carry (the standalone runtime's web UI): the seed
     * is also Kura's, whose package has no metatype for them (SeedConfigurationIT); the standalone runtime runs them
     * with their defaults unless a snapshot configures them.
     */
    private static final Set<String> STANDALONE_ONLY = Set.of("io.cityhub.webui.WebUi");
    private static final Set<String> KURA_PROPERTIES = Set.of("kura.service.pid", "service.factoryPid", "service.pid");

    @InjectBundleContext
    BundleContext context;

    @Test
    void seedAndMetatypesAgree(@InjectService(timeout = 10_000) MetaTypeService metatype) throws Exception {
        Path seed = Path.of(context.getProperty("cityhub.itest.root"), "kura-config", "snapshot_0.xml");
        Document doc;
        try (InputStream in = Files.newInputStream(seed)) {
            doc = Metatypes.parse(in);
        }
        List<String> problems = new ArrayList<>();
        List<String> seeded = new ArrayList<>();
        NodeList configurations = doc.getElementsByTagName("esf:configuration");
        assertThat(configurations.getLength()).as("configurations in " + seed).isGreaterThanOrEqualTo(4);
        for (int i = 0; i < configurations.getLength(); i++) {
            Element configuration = (Element) configurations.item(i);
            Map<String, Element> properties = properties(configuration);
            Element factory = properties.get("service.factoryPid");
            String pid = factory != null ? value(factory) : configuration.getAttribute("pid");
            seeded.add(pid);
            ObjectClassDefinition ocd = Metatypes.ocd(context, metatype, pid).orElse(null);
            if (ocd == null) {
                problems.add(pid + ": in the seed but no cityhub bundle has a metatype for it");
                continue;
            }
            Map<String, AttributeDefinition> ads = new HashMap<>();
            for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                ads.put(ad.getID(), ad);
            }
            for (Map.Entry<String, Element> property : properties.entrySet()) {
                if (KURA_PROPERTIES.contains(property.getKey())) {
                    continue;
                }
                AttributeDefinition ad = ads.get(property.getKey());
                if (ad == null) {
                    problems.add(
                            pid + ": seed property " + property.getKey() + " is not in the metatype " + ads.keySet());
                    continue;
                }
                String seedType = property.getValue().getAttribute("type");
                String adType = Metatypes.KURA_TYPES.get(ad.getType());
                if (!seedType.equals(adType)) {
                    problems.add(pid + ": " + property.getKey() + " is " + seedType + " in the seed, " + adType
                            + " in the metatype");
                }
                String v = value(property.getValue());
                String invalid = ad.validate(v);
                if (invalid != null && !invalid.isEmpty()) {
                    problems.add(pid + ": " + property.getKey() + "=" + v + " is invalid: " + invalid);
                }
            }
        }
        for (String pid : Metatypes.pids(context, metatype)) {
            boolean factory = Metatypes.ocd(context, metatype, pid).isPresent() && isFactory(metatype, pid);
            if (!factory && !seeded.contains(pid) && !STANDALONE_ONLY.contains(pid)) {
                problems.add(pid + ": configurable singleton missing from the seed");
            }
        }
        assertThat(problems).isEmpty();
    }

    private boolean isFactory(MetaTypeService metatype, String pid) {
        return Metatypes.cityhubBundles(context).stream()
                .map(metatype::getMetaTypeInformation)
                .filter(java.util.Objects::nonNull)
                .anyMatch(info -> List.of(info.getFactoryPids()).contains(pid));
    }

    private static Map<String, Element> properties(Element configuration) {
        Map<String, Element> byName = new HashMap<>();
        NodeList nodes = configuration.getElementsByTagName("esf:property");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element p = (Element) nodes.item(i);
            byName.put(p.getAttribute("name"), p);
        }
        return byName;
    }

    private static String value(Element property) {
        NodeList values = property.getElementsByTagName("esf:value");
        return values.getLength() == 0 ? "" : values.item(0).getTextContent();
    }
}
