package io.cityhub.sensor.coap.internal;

import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured CoAP devices, found by sensor id or by DTLS identity, and the ids of the payload codecs installed.
 * Thread-safe: DS adds and removes devices and codecs while requests and handshakes read them.
 */
final class DeviceDirectory {

    private final Map<String, CoapDeviceOptions> bySensor = new ConcurrentHashMap<>();
    private final Map<String, CoapDeviceOptions> byIdentity = new ConcurrentHashMap<>();
    private final Set<String> codecIds = ConcurrentHashMap.newKeySet();
    /** The profile registry while one is registered (optional dynamic reference of the server), else null. */
    private final java.util.concurrent.atomic.AtomicReference<DeviceProfileRegistry> profiles =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param device a new device
     * @throws IllegalArgumentException if its sensor id or identity is taken by another device; nothing changes then
     */
    synchronized void add(CoapDeviceOptions device) {
        CoapDeviceOptions sameSensor = bySensor.get(device.sensorId());
        if (sameSensor != null) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'sensor.id' has invalid value '"
                    + device.sensorId() + "'; expected a sensor id no other CoAP device has");
        }
        if (device.hasIdentity() && byIdentity.containsKey(device.identity())) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'identity' has invalid value '"
                    + device.identity() + "'; expected an identity no other CoAP device has (taken by "
                    + byIdentity.get(device.identity()).sensorId() + ")");
        }
        bySensor.put(device.sensorId(), device);
        if (device.hasIdentity()) {
            byIdentity.put(device.identity(), device);
        }
    }

    /** @param device a device passed to {@link #add} before; removing one that was refused changes nothing */
    synchronized void remove(CoapDeviceOptions device) {
        if (bySensor.remove(device.sensorId(), device) && device.hasIdentity()) {
            byIdentity.remove(device.identity(), device);
        }
    }

    /** @return the device with this DTLS identity, if configured */
    Optional<CoapDeviceOptions> byIdentity(String identity) {
        return Optional.ofNullable(byIdentity.get(identity));
    }

    /** @return the device with this sensor id, if configured */
    Optional<CoapDeviceOptions> bySensor(String sensorId) {
        return Optional.ofNullable(bySensor.get(sensorId));
    }

    /** @return every configured device */
    Collection<CoapDeviceOptions> devices() {
        return List.copyOf(bySensor.values());
    }

    void codecAdded(String codecId) {
        codecIds.add(codecId);
    }

    void codecRemoved(String codecId) {
        codecIds.remove(codecId);
    }

    /** @return whether a payload codec with this id is installed */
    boolean hasCodec(String codecId) {
        return codecIds.contains(codecId);
    }

    /** @param registry the device-profile registry now registered */
    void profiles(DeviceProfileRegistry registry) {
        profiles.set(registry);
    }

    /**
     * @param registry a registry that went away; a greedy reference binds its replacement first, so only this one
     *     is forgotten
     */
    void profilesGone(DeviceProfileRegistry registry) {
        profiles.compareAndSet(registry, null);
    }

    /**
     * The profile of a sensor: the one its device configuration names, else the one the registry assigns to it.
     *
     * @param sensorId the sensor, not null
     * @param device its configuration, if any
     * @return the profile, or empty if there is no registry or no profile for it
     */
    Optional<DeviceProfile> profileOf(String sensorId, Optional<CoapDeviceOptions> device) {
        DeviceProfileRegistry registry = profiles.get();
        if (registry == null) {
            return Optional.empty();
        }
        Optional<String> configured = device.flatMap(CoapDeviceOptions::profile);
        return configured.isPresent() ? registry.profile(configured.get()) : registry.profileOf(sensorId);
    }

    /** @return whether a device-profile registry is registered */
    boolean hasProfiles() {
        return profiles.get() != null;
    }
}
