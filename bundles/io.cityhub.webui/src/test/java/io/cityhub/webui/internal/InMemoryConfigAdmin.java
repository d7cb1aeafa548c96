package io.cityhub.webui.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** ConfigurationAdmin in memory, with CM 1.6 named factory configurations ({@code factoryPid~name}). */
final class InMemoryConfigAdmin implements ConfigurationAdmin {

    private final Map<String, Stored> byPid = new LinkedHashMap<>();

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException("the UI names its factory configurations");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException("the UI names its factory configurations");
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return byPid.computeIfAbsent(pid, p -> new Stored(p, null));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return byPid.computeIfAbsent(factoryPid + "~" + name, p -> new Stored(p, factoryPid));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter parsed = FrameworkUtil.createFilter(filter);
        List<Configuration> found = new ArrayList<>();
        for (Stored stored : byPid.values()) {
            if (stored.properties != null && parsed.match(stored.withPids())) {
                found.add(stored);
            }
        }
        return found.isEmpty() ? null : found.toArray(new Configuration[0]);
    }

    /** @return the stored properties of a PID, or null */
    Dictionary<String, Object> stored(String pid) {
        Stored stored = byPid.get(pid);
        return stored == null ? null : stored.properties;
    }

    private final class Stored implements Configuration {
        private final String pid;
        private final String factoryPid;
        private Hashtable<String, Object> properties;
        private long changes;

        Stored(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        Dictionary<String, Object> withPids() {
            Hashtable<String, Object> all = new Hashtable<>(properties);
            all.put("service.pid", pid);
            if (factoryPid != null) {
                all.put("service.factoryPid", factoryPid);
            }
            return all;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> next) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (String key : Collections.list(next.keys())) {
                copy.put(key, next.get(key));
            }
            properties = copy;
            changes++;
        }

        @Override
        public void delete() {
            byPid.remove(pid);
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            changes++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> next) {
            update(next);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attributes) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return EnumSet.noneOf(ConfigurationAttribute.class);
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attributes) {
        }
    }
}
