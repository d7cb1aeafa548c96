package io.cityhub.webui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The catalog from the OSGi MetaTypeService: every bundle whose symbolic name starts with {@code io.cityhub.}, every
 * PID and factory PID in it that starts with {@code io.cityhub}. Read at each request, so a bundle that stops or
 * starts is reflected at once.
 */
final class MetatypeCatalog implements ConfigCatalog {

    private static final String PREFIX = "io.cityhub";

    private final BundleContext context;
    private final MetaTypeService metaType;

    MetatypeCatalog(BundleContext context, MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    @Override
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(PREFIX + ".") || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            add(entries, info, info.getPids(), false);
            add(entries, info, info.getFactoryPids(), true);
        }
        entries.sort(Comparator.comparing(Entry::pid));
        return entries;
    }

    private static void add(List<Entry> entries, MetaTypeInformation info, String[] pids, boolean factory) {
        if (pids == null) {
            return;
        }
        for (String pid : pids) {
            if (!pid.startsWith(PREFIX)) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            if (ocd != null) {
                entries.add(new Entry(pid, factory, ocd));
            }
        }
    }
}
