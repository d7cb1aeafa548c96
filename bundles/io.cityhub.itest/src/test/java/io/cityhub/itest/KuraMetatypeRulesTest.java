package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every configurable cityhub component follows the rules that make Kura's web UI show it (notes/kura.md §1.3):
 * it provides ConfigurableComponent with service.pid and kura.service.pid, and its bundle holds
 * OSGI-INF/metatype/&lt;PID&gt;.xml with OCD id = PID and the Designate in the same file, unprefixed elements,
 * and only Kura's attribute types.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class KuraMetatypeRulesTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyConfigurableComponentHasAKuraStyleMetatype(
            @InjectService(timeout = 10_000) ServiceComponentRuntime scr,
            @InjectService(timeout = 10_000) MetaTypeService metatype) throws Exception {
        List<ComponentDescriptionDTO> configurable = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.bundle.symbolicName.startsWith("io.cityhub."))
                .filter(d -> List.of(d.serviceInterfaces).contains(ConfigurableComponent.class.getName()))
                .toList();
        assertThat(configurable).as("configurable cityhub components").hasSizeGreaterThanOrEqualTo(4);
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : configurable) {
            String pid = d.configurationPid[0];
            Bundle bundle = context.getBundle(d.bundle.id);
            Map<String, Document> files = Metatypes.files(bundle);
            Document doc = files.get(pid + ".xml");
            if (doc == null) {
                problems.add(pid + ": no OSGI-INF/metatype/" + pid + ".xml in " + bundle.getSymbolicName()
                        + " (has " + files.keySet() + ")");
                continue;
            }
            problems.addAll(checkFile(pid, doc));
            ObjectClassDefinition ocd = Metatypes.ocd(context, metatype, pid).orElse(null);
            if (ocd == null) {
                problems.add(pid + ": MetaTypeService has no OCD for it");
            } else {
                for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    if (!Metatypes.KURA_TYPES.containsKey(ad.getType())) {
                        problems.add(pid + ": attribute " + ad.getID() + " has type " + ad.getType()
                                + ", not one of Kura's");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Kura treats an AD without {@code required} as required (its Tad.isRequired() defaults to true): a field whose
     * default is empty is then flagged when the form opens and Apply saves nothing (issue 7, item 10). So every AD
     * whose default is empty must say {@code required="false"}, in every cityhub bundle. An AD with no default at all
     * (a GPIO pin's BCM number) is a value the technician must give: required is right there.
     */
    @Test
    void everyAttributeThatMayBeEmptyIsMarkedNotRequired() throws Exception {
        List<String> problems = new ArrayList<>();
        int ads = 0;
        for (Bundle bundle : Metatypes.cityhubBundles(context)) {
            for (Map.Entry<String, Document> file : Metatypes.files(bundle).entrySet()) {
                NodeList nodes = file.getValue().getElementsByTagName("AD");
                for (int i = 0; i < nodes.getLength(); i++) {
                    Element ad = (Element) nodes.item(i);
                    ads++;
                    boolean emptyDefault = ad.hasAttribute("default") && ad.getAttribute("default").isEmpty();
                    if (emptyDefault && !"false".equals(ad.getAttribute("required"))) {
                        problems.add(bundle.getSymbolicName() + " " + pidOf(file.getKey()) + ": attribute '"
                                + ad.getAttribute("id")
                                + "' has an empty default but is not marked required=\"false\" (rule: Kura treats an"
                                + " AD without required as required, so the form cannot be saved with it empty)");
                    }
                }
            }
        }
        assertThat(ads).as("attribute definitions read").isGreaterThan(0);
        assertThat(problems).isEmpty();
    }

    private static String pidOf(String fileName) {
        return fileName.endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;
    }

    @Test
    void configurableServicesCarryTheTwoPidsKuraTracks() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(ConfigurableComponent.class.getName(), null);
        assertThat(refs).isNotNull();
        List<String> problems = new ArrayList<>();
        int ours = 0;
        for (ServiceReference<?> ref : refs) {
            if (!ref.getBundle().getSymbolicName().startsWith("io.cityhub.")) {
                continue;
            }
            ours++;
            Object servicePid = ref.getProperty("service.pid");
            Object kuraPid = ref.getProperty("kura.service.pid");
            if (servicePid == null || kuraPid == null) {
                problems.add(ref.getProperty("component.name") + ": service.pid=" + servicePid
                        + " kura.service.pid=" + kuraPid);
            }
        }
        assertThat(ours).isGreaterThanOrEqualTo(4);
        assertThat(problems).isEmpty();
    }

    /** The file-level rules Kura's own non-namespace-aware parser depends on. */
    private static List<String> checkFile(String pid, Document doc) {
        List<String> problems = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (!root.getNodeName().equals("MetaData") && !root.getNodeName().endsWith(":MetaData")) {
            problems.add(pid + ": root element is " + root.getNodeName());
        }
        List<Element> ocds = children(root, "OCD");
        List<Element> designates = children(root, "Designate");
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNodeName().contains(":")) {
                problems.add(pid + ": prefixed child element " + e.getNodeName() + " (Kura matches literal names)");
            }
        }
        if (ocds.stream().noneMatch(o -> pid.equals(o.getAttribute("id")))) {
            problems.add(pid + ": no <OCD id=\"" + pid + "\"> in its file");
        }
        boolean designated = false;
        for (Element designate : designates) {
            boolean matches =
                    pid.equals(designate.getAttribute("pid")) || pid.equals(designate.getAttribute("factoryPid"));
            List<Element> objects = children(designate, "Object");
            if (matches && objects.stream().anyMatch(o -> pid.equals(o.getAttribute("ocdref")))) {
                designated = true;
            }
        }
        if (!designated) {
            problems.add(pid + ": no <Designate pid=\"" + pid + "\"><Object ocdref=\"" + pid + "\"/> in the same file");
        }
        return problems;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getNodeName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}
