package io.cityhub.runtime.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
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
 *
 * <p>Password values are handed over encrypted with the runtime's {@link CryptoService}, as Kura's
 * ConfigurationService does (notes/kura.md §1.3): the component decrypts them, and whatever prints a configuration
 * or a component's service properties (SCR's warnings among them) shows ciphertext. An empty Password value means
 * "none" to every component and stays empty. Where ConfigurationAdmin already holds ciphertext of the same
 * plaintext, that ciphertext is kept, so an unchanged configuration is not updated again.
 */
final class ConfigurationPusher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationPusher.class);
    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin configurationAdmin;
    private final CryptoService crypto;

    /**
     * @param configurationAdmin where the configurations go
     * @param crypto encrypts Password values; the same service components decrypt them with
     */
    ConfigurationPusher(ConfigurationAdmin configurationAdmin, CryptoService crypto) {
        this.configurationAdmin = Objects.requireNonNull(configurationAdmin, "configurationAdmin");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
    }

    /**
     * @param configurations what to push, in order
     * @return how many configurations changed (unchanged ones are not updated, so a persistent ConfigAdmin does
     *     not restart components for nothing)
     * @throws IOException if ConfigurationAdmin cannot store a configuration, or a Password value cannot be
     *     encrypted; the message names the configuration, never a value
     */
    int push(List<SnapshotConfiguration> configurations) throws IOException {
        return push(configurations, "the snapshot");
    }

    /**
     * @param configurations what to push, in order
     * @param source the snapshot's file, named in the ERROR line about a sealed Password value that does not
     *     decrypt under the runtime's key
     * @return how many configurations changed
     * @throws IOException as {@link #push(List)}
     */
    int push(List<SnapshotConfiguration> configurations, String source) throws IOException {
        int changed = 0;
        for (SnapshotConfiguration snapshot : configurations) {
            Configuration target = snapshot.isFactoryInstance()
                    ? configurationAdmin.getFactoryConfiguration(snapshot.factoryPid(), snapshot.pid(), ANY_LOCATION)
                    : configurationAdmin.getConfiguration(snapshot.pid(), ANY_LOCATION);
            Dictionary<String, Object> properties = dictionary(snapshot, target.getProperties(), source);
            try {
                if (target.updateIfDifferent(properties)) {
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

    /** The snapshot's properties with every Password value encrypted. */
    private Dictionary<String, Object> dictionary(SnapshotConfiguration snapshot, Dictionary<String, Object> current,
            String source) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (SnapshotProperty property : snapshot.properties()) {
            Object value = property.value();
            if (property.sealed()) {
                checkSealed(snapshot, property, source);
            } else if (property.type() == KuraType.PASSWORD) {
                Object held = current == null ? null : current.get(property.name());
                try {
                    value = property.array()
                            ? encryptAll((String[]) value, held instanceof String[] heldAll ? heldAll : null)
                            : encrypt((String) value, held instanceof String heldOne ? heldOne : null);
                } catch (KuraException e) {
                    // the exception's own text could only describe the plaintext; leave it out
                    throw new IOException("cannot encrypt Password property '" + property.name()
                            + "' of configuration '" + snapshot.pid() + "' (line " + property.line() + "): "
                            + e.getCode());
                }
            }
            properties.put(property.name(), value);
        }
        return properties;
    }

    /**
     * A sealed value is handed over as it is: it is what the runtime stored, and a component decrypts it. One that
     * does not decrypt under this key (the key file was lost or replaced) is kept too, so restoring the right key
     * file brings it back, but the gateway says which attribute is affected: the component will refuse it.
     */
    private void checkSealed(SnapshotConfiguration snapshot, SnapshotProperty property, String source) {
        String[] values = property.array() ? (String[]) property.value() : new String[] {(String) property.value()};
        for (String value : values) {
            if (!value.isEmpty() && !decrypts(value)) {
                LOG.error("cityhub: {}: Password attribute '{}' of configuration '{}' (line {}) was encrypted under"
                        + " another key than the runtime's key file and cannot be decrypted; it is kept as it is and"
                        + " the component will refuse it: restore the key file it was written with, or enter the"
                        + " password again (web UI)", source, property.name(), snapshot.pid(), property.line());
                return;
            }
        }
    }

    private boolean decrypts(String ciphertext) {
        try {
            Arrays.fill(crypto.decryptAes(ciphertext.toCharArray()), '\0');
            return true;
        } catch (KuraException e) {
            return false;
        }
    }

    private String[] encryptAll(String[] plain, String[] held) throws KuraException {
        String[] encrypted = new String[plain.length];
        for (int i = 0; i < plain.length; i++) {
            encrypted[i] = encrypt(plain[i], held != null && held.length == plain.length ? held[i] : null);
        }
        return encrypted;
    }

    /**
     * @param plain the snapshot's plaintext
     * @param held what ConfigurationAdmin holds now for the same property, or null
     * @return {@code held} if it decrypts to {@code plain}, else new ciphertext; empty stays empty
     */
    private String encrypt(String plain, String held) throws KuraException {
        if (plain.isEmpty()) {
            return plain;
        }
        if (held != null && !held.isEmpty() && decryptsTo(held, plain)) {
            return held;
        }
        return new String(crypto.encryptAes(plain.toCharArray()));
    }

    private boolean decryptsTo(String ciphertext, String plain) {
        char[] decrypted;
        try {
            decrypted = crypto.decryptAes(ciphertext.toCharArray());
        } catch (KuraException e) {
            return false; // another key (an earlier run) or not ours: encrypt anew
        }
        try {
            return Arrays.equals(decrypted, plain.toCharArray());
        } finally {
            Arrays.fill(decrypted, '\0');
        }
    }
}
