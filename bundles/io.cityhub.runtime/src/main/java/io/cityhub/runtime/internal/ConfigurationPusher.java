package io.cityhub.runtime.internal;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes snapshot configurations into ConfigurationAdmin the way Kura seeds it: singletons with
 * {@code getConfiguration(pid, "?")}, factory instances with {@code getFactoryConfiguration(factoryPid, name, "?")}
 * (CM 1.6 named factory configurations, so a restart finds the same instance instead of creating another).
 * Location {@code "?"} is a multi-location: any bundle may receive the configuration, whichever bundle ends up
 * providing the component.
 */
final class ConfigurationPusher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationPusher.class);
    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin configurationAdmin;

    ConfigurationPusher(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = Objects.requireNonNull(configurationAdmin, "configurationAdmin");
    }

    /**
     * @param configurations what to push, in order
     * @return how many configurations changed (unchanged ones are not updated, so a persistent ConfigAdmin does
     *     not restart components for nothing)
     * @throws IOException if ConfigurationAdmin cannot store a configuration; the message names it
     */
    int push(List<SnapshotConfiguration> configurations) throws IOException {
        int changed = 0;
        for (SnapshotConfiguration snapshot : configurations) {
            Configuration target = snapshot.isFactoryInstance()
                    ? configurationAdmin.getFactoryConfiguration(snapshot.factoryPid(), snapshot.pid(), ANY_LOCATION)
                    : configurationAdmin.getConfiguration(snapshot.pid(), ANY_LOCATION);
            try {
                if (target.updateIfDifferent(snapshot.toDictionary())) {
                    changed++;
                    LOG.debug("configuration {} set from the snapshot", target.getPid());
                }
            } catch (IOException e) {
                throw new IOException("ConfigurationAdmin cannot store configuration '" + snapshot.pid() + "' (line "
                        + snapshot.line() + "): " + e.getMessage(), e);
            }
        }
        return changed;
    }
}
