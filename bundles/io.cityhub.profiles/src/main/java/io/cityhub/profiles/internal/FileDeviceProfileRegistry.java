package io.cityhub.profiles.internal;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.api.profile.PayloadCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeviceProfileRegistry}: the bundle's built-in profiles ({@code device-profiles/*.yaml} inside the
 * bundle) plus those of a configurable directory. Each profile with a declarative layout is registered as a
 * {@link PayloadCodec} service whose {@value PayloadCodec#CODEC_ID} is the profile id, and the profiles' default
 * edge filters are served as {@link ProfileFilterDefaults}. A broken file is logged at ERROR with its name and
 * reason and left out; the others load.
 */
@Component(configurationPid = FileDeviceProfileRegistry.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {DeviceProfileRegistry.class, ProfileFilterDefaults.class, ConfigurableComponent.class},
        immediate = true)
@Designate(ocd = DeviceProfileRegistryConfig.class)
public final class FileDeviceProfileRegistry implements DeviceProfileRegistry, ProfileFilterDefaults,
        ConfigurableComponent {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.profiles.DeviceProfileRegistry";

    private static final Logger LOG = LoggerFactory.getLogger(FileDeviceProfileRegistry.class);

    private final ProfileReader reader = new ProfileReader();
    private final Supplier<List<ProfileCatalog.Source>> builtIn;
    private final Function<PayloadCodec, Runnable> registrar;
    private final List<Runnable> registrations = new ArrayList<>();
    private volatile DeviceProfileRegistryOptions options;
    private volatile ProfileCatalog.Result catalog;
    /** bumped by every load, after the new catalog is in place */
    private volatile long revision;

    /** @throws IllegalArgumentException if the configuration is invalid (logged at ERROR) */
    @Activate
    public FileDeviceProfileRegistry(DeviceProfileRegistryConfig config, BundleContext context) {
        this(validated(config, "activation"), () -> bundleProfiles(context), codec -> register(context, codec));
    }

    /** For tests: the built-in files, and the codec registration returning its unregistration. */
    FileDeviceProfileRegistry(DeviceProfileRegistryOptions options, Supplier<List<ProfileCatalog.Source>> builtIn,
            Function<PayloadCodec, Runnable> registrar) {
        this.builtIn = builtIn;
        this.registrar = registrar;
        apply(options);
    }

    private static DeviceProfileRegistryOptions validated(DeviceProfileRegistryConfig config, String phase) {
        try {
            return DeviceProfileRegistryOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} failed: {}", PID, phase, e.getMessage());
            throw e;
        }
    }

    /** Reloads the profiles and re-registers the codecs: a technician's new file needs no restart. */
    @Modified
    void modified(DeviceProfileRegistryConfig config) {
        reload(validated(config, "modification"));
    }

    /** Reads the profiles again with these options; users see a new {@link #revision()}. */
    void reload(DeviceProfileRegistryOptions next) {
        apply(next);
    }

    private synchronized void apply(DeviceProfileRegistryOptions next) {
        List<ProfileCatalog.Source> local = List.of();
        if (next.directory().isPresent()) {
            try {
                Path directory = next.directory().get();
                // named by their full path, so that a message tells a technician's file from a built-in profile
                local = ProfileCatalog.directory(directory).stream()
                        .map(s -> new ProfileCatalog.Source(directory.resolve(s.name()).toString(), s.bytes()))
                        .toList();
            } catch (IOException e) {
                LOG.error("{}: profile directory {} cannot be read ({}); using the built-in profiles only", PID,
                        next.directory().get(), e.toString());
            }
        }
        ProfileCatalog.Result result = ProfileCatalog.load(reader, builtIn.get(), local);
        result.errors().forEach(error -> LOG.error("{}: profile rejected and left out: {}", PID, error));
        result.notes().forEach(note -> LOG.info("{}: {}", PID, note));
        next.sensorProfiles().forEach((sensor, profile) -> {
            if (!result.profiles().containsKey(profile)) {
                LOG.error("{}: sensor {} names profile '{}', which is not loaded", PID, sensor, profile);
            }
        });
        unregisterAll();
        for (ProfileCatalog.Loaded loaded : result.profiles().values()) {
            if ("layout".equals(loaded.document().codecType())) {
                registrations.add(registrar.apply(loaded.codec()));
            }
        }
        options = next;
        catalog = result;
        revision++; // only apply() writes it, under the lock
        LOG.info("{}: {} profiles loaded, {} rejected", PID, result.profiles().size(), result.errors().size());
    }

    @Deactivate
    synchronized void deactivate() {
        unregisterAll();
    }

    private void unregisterAll() {
        registrations.forEach(Runnable::run);
        registrations.clear();
    }

    @Override
    public Optional<DeviceProfile> profile(String profileId) {
        return Optional.ofNullable(catalog.profiles().get(profileId)).map(l -> l.document().profile());
    }

    @Override
    public Optional<DeviceProfile> profileOf(String sensorId) {
        String profileId = options.sensorProfiles().get(sensorId);
        return profileId == null ? Optional.empty() : profile(profileId);
    }

    @Override
    public Collection<DeviceProfile> profiles() {
        return catalog.profiles().values().stream().map(l -> l.document().profile()).toList();
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public List<FilterSpec> defaultFilters(String profileId, String channel) {
        ProfileCatalog.Loaded loaded = catalog.profiles().get(profileId);
        return loaded == null ? List.of() : loaded.document().filters(channel);
    }

    /** @return the files of the last load that were rejected, with their reasons */
    List<String> rejected() {
        return catalog.errors();
    }

    private static Runnable register(BundleContext context, PayloadCodec codec) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PayloadCodec.CODEC_ID, codec.id());
        ServiceRegistration<PayloadCodec> registration = context.registerService(PayloadCodec.class, codec,
                properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already unregistered: the bundle is stopping
            }
        };
    }

    private static List<ProfileCatalog.Source> bundleProfiles(BundleContext context) {
        Enumeration<URL> entries = context.getBundle().findEntries("device-profiles", "*.yaml", false);
        List<URL> urls = entries == null ? List.of() : Collections.list(entries);
        List<ProfileCatalog.Source> sources = new ArrayList<>();
        for (URL url : urls) {
            String path = url.getPath();
            try (InputStream in = url.openStream()) {
                sources.add(new ProfileCatalog.Source(path.substring(path.lastIndexOf('/') + 1), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("built-in profile " + path + " cannot be read", e);
            }
        }
        sources.sort((a, b) -> a.name().compareTo(b.name()));
        return sources;
    }
}
