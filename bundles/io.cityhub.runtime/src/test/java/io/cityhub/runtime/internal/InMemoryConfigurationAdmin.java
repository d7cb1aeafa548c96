package io.cityhub.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A small in-memory ConfigurationAdmin for unit tests: it records which lookup method was called with which
 * location and what was stored. Only what {@link ConfigurationPusher} uses is implemented.
 */
final class InMemoryConfigurationAdmin implements ConfigurationAdmin {

    /** One lookup: method name, PIDs and location as passed. */
    record Lookup(String method, String pidOrFactoryPid, String name, String location) {
    }

    final Map<String, StoredConfiguration> configurations = new LinkedHashMap<>();
    final List<Lookup> lookups = new ArrayList<>();
    IOException failUpdatesWith;

    @Override
    public Configuration getConfiguration(String pid, String location) {
        lookups.add(new Lookup("getConfiguration", pid, null, location));
        return configurations.computeIfAbsent(pid, p -> new StoredConfiguration(p, null));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        lookups.add(new Lookup("getFactoryConfiguration", factoryPid, name, location));
        String pid = factoryPid + "~" + name; // CM 1.6 §104.4.1: the PID of a named factory configuration
        return configurations.computeIfAbsent(pid, p -> new StoredConfiguration(p, factoryPid));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        throw new UnsupportedOperationException("the loader must pass location \"?\"");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException("the loader must pass location \"?\"");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException("creates a new instance on every start");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException("creates a new instance on every start");
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        throw new UnsupportedOperationException();
    }

    /** A stored configuration; {@link #updates} counts real updates. */
    final class StoredConfiguration implements Configuration {
        final String pid;
        final String factoryPid;
        Hashtable<String, Object> properties;
        int updates;

        StoredConfiguration(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public void update(Dictionary<String, ?> newProperties) throws IOException {
            if (failUpdatesWith != null) {
                throw failUpdatesWith;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            Collections.list(newProperties.keys()).forEach(k -> copy.put(k, newProperties.get(k)));
            properties = copy;
            updates++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> newProperties) throws IOException {
            if (properties != null && sameContent(properties, newProperties)) {
                return false;
            }
            update(newProperties);
            return true;
        }

        private boolean sameContent(Hashtable<String, Object> current, Dictionary<String, ?> other) {
            if (current.size() != other.size()) {
                return false;
            }
            return Collections.list(other.keys()).stream()
                    .allMatch(k -> Objects.deepEquals(current.get(k), other.get(k)));
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            configurations.remove(pid);
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBundleLocation(String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getBundleLocation() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getChangeCount() {
            return updates;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException(Arrays.toString(attrs));
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException(Arrays.toString(attrs));
        }
    }
}
