package io.cityhub.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ConfigurationAdmin in memory for unit tests: singletons, CM 1.6 named factory configurations
 * ({@code factoryPid~name}, CM 1.6 §104.4.1), {@code listConfigurations} with an LDAP filter (or null for all),
 * {@code updateIfDifferent} comparing values deeply (arrays by content). It records every lookup with the location
 * passed, counts real updates, and can make every update fail. {@code createFactoryConfiguration} (a new random PID
 * at each call) is refused: cityhub names its factory instances so a restart finds them again.
 *
 * <p>Not thread-safe: a test calls it from one thread.
 */
public final class InMemoryConfigurationAdmin implements ConfigurationAdmin {

    /**
     * One lookup as the code under test made it.
     *
     * @param method {@code getConfiguration} or {@code getFactoryConfiguration}
     * @param pidOrFactoryPid the PID, or the factory PID
     * @param name the factory instance's name, null for a singleton
     * @param location the location passed, null where the method without one was called
     */
    public record Lookup(String method, String pidOrFactoryPid, String name, String location) {
    }

    private final Map<String, Stored> byPid = new LinkedHashMap<>();
    private final List<Lookup> lookups = new ArrayList<>();
    private IOException updateFailure;

    /** @return every lookup so far, in order; a live view */
    public List<Lookup> lookups() {
        return Collections.unmodifiableList(lookups);
    }

    /** @param failure thrown by every later {@code update}, or null to let updates succeed again */
    public void failUpdatesWith(IOException failure) {
        this.updateFailure = failure;
    }

    /**
     * @param pid a configuration's PID
     * @return a copy of its stored properties, or null if it does not exist or was never updated
     */
    public Dictionary<String, Object> stored(String pid) {
        Stored stored = byPid.get(pid);
        return stored == null || stored.properties == null ? null : new Hashtable<>(stored.properties);
    }

    /**
     * @param pid a configuration's PID
     * @return how many times its properties really changed (0 if it does not exist)
     */
    public long updates(String pid) {
        Stored stored = byPid.get(pid);
        return stored == null ? 0 : stored.changes;
    }

    /** @return the PIDs of every configuration that exists, created by a lookup or not, in creation order */
    public Set<String> pids() {
        return Collections.unmodifiableSet(byPid.keySet());
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        lookups.add(new Lookup("getConfiguration", pid, null, location));
        return byPid.computeIfAbsent(pid, p -> new Stored(p, null, location));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        lookups.add(new Lookup("getConfiguration", pid, null, null));
        return byPid.computeIfAbsent(pid, p -> new Stored(p, null, null));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        lookups.add(new Lookup("getFactoryConfiguration", factoryPid, name, location));
        return byPid.computeIfAbsent(factoryPid + "~" + name, p -> new Stored(p, factoryPid, location));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        lookups.add(new Lookup("getFactoryConfiguration", factoryPid, name, null));
        return byPid.computeIfAbsent(factoryPid + "~" + name, p -> new Stored(p, factoryPid, null));
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException("a new random PID at every call: name factory instances instead");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException("a new random PID at every call: name factory instances instead");
    }

    /**
     * @param filter an LDAP filter over the properties with {@code service.pid} and {@code service.factoryPid}, or
     *     null for every configuration
     * @return the configurations with properties that match, or null if none (as the specification says)
     */
    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter parsed = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> found = new ArrayList<>();
        for (Stored stored : byPid.values()) {
            if (stored.properties != null && (parsed == null || parsed.match(stored.withPids()))) {
                found.add(stored);
            }
        }
        return found.isEmpty() ? null : found.toArray(new Configuration[0]);
    }

    private final class Stored implements Configuration {
        private final String pid;
        private final String factoryPid;
        private String location;
        private Hashtable<String, Object> properties;
        private long changes;

        Stored(String pid, String factoryPid, String location) {
            this.pid = pid;
            this.factoryPid = factoryPid;
            this.location = location;
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
        public String getFactoryPid() {
            return factoryPid;
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
        public void update(Dictionary<String, ?> next) throws IOException {
            if (updateFailure != null) {
                throw updateFailure;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (String key : Collections.list(next.keys())) {
                copy.put(key, next.get(key));
            }
            properties = copy;
            changes++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> next) throws IOException {
            if (properties != null && sameContent(next)) {
                return false;
            }
            update(next);
            return true;
        }

        private boolean sameContent(Dictionary<String, ?> other) {
            if (properties.size() != other.size()) {
                return false;
            }
            for (String key : Collections.list(other.keys())) {
                if (!Objects.deepEquals(properties.get(key), other.get(key))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void update() {
            changes++;
        }

        @Override
        public void delete() {
            byPid.remove(pid);
        }

        @Override
        public void setBundleLocation(String location) {
            this.location = location;
        }

        @Override
        public String getBundleLocation() {
            return location;
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attributes) {
            throw new UnsupportedOperationException("no read-only configurations here");
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return EnumSet.noneOf(ConfigurationAttribute.class);
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attributes) {
            throw new UnsupportedOperationException("no read-only configurations here");
        }
    }
}
