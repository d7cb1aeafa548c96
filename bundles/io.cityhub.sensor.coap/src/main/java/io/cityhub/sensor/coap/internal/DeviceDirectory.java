package io.cityhub.sensor.coap.internal;

import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * The configured CoAP devices, found by sensor id or by DTLS identity, and the ids of the payload codecs installed.
 * Thread-safe: DS adds and removes devices and codecs while requests and handshakes read them.
 */
final class DeviceDirectory {

    private final Map<String, CoapDeviceOptions> bySensor = new ConcurrentHashMap<>();
    private final Map<String, CoapDeviceOptions> byIdentity = new ConcurrentHashMap<>();
    /** By the base64 of the raw public key's SubjectPublicKeyInfo. */
    private final Map<String, CoapDeviceOptions> byPublicKey = new ConcurrentHashMap<>();
    /** By {@link #certificateKey}: {@code cn:<common name>} or {@code dn:<canonical subject DN>}. */
    private final Map<String, CoapDeviceOptions> byCertificate = new ConcurrentHashMap<>();
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
        if (device.hasPublicKey() && byPublicKey.containsKey(publicKeyKey(device.publicKey()))) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'public.key' has invalid value '(not"
                    + " shown)'; expected a public key no other CoAP device has (taken by "
                    + byPublicKey.get(publicKeyKey(device.publicKey())).sensorId() + ")");
        }
        if (device.hasCertificate() && byCertificate.containsKey(certificateKey(device.certificateName()))) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'certificate.name' has invalid value '"
                    + device.certificateName() + "'; expected a certificate name no other CoAP device has (taken by "
                    + byCertificate.get(certificateKey(device.certificateName())).sensorId() + ")");
        }
        bySensor.put(device.sensorId(), device);
        if (device.hasIdentity()) {
            byIdentity.put(device.identity(), device);
        }
        if (device.hasPublicKey()) {
            byPublicKey.put(publicKeyKey(device.publicKey()), device);
        }
        if (device.hasCertificate()) {
            byCertificate.put(certificateKey(device.certificateName()), device);
        }
    }

    /** @param device a device passed to {@link #add} before; removing one that was refused changes nothing */
    synchronized void remove(CoapDeviceOptions device) {
        if (bySensor.remove(device.sensorId(), device)) {
            if (device.hasIdentity()) {
                byIdentity.remove(device.identity(), device);
            }
            if (device.hasPublicKey()) {
                byPublicKey.remove(publicKeyKey(device.publicKey()), device);
            }
            if (device.hasCertificate()) {
                byCertificate.remove(certificateKey(device.certificateName()), device);
            }
        }
    }

    /**
     * The device a DTLS peer authenticated as: by its PSK identity, its raw public key, or its X.509 certificate's
     * subject (common name, or the whole subject DN where the device is configured with one).
     *
     * @param peer the peer identity of a DTLS session, may be null (plain CoAP)
     * @return the device, empty if none is configured for it (any more)
     */
    Optional<CoapDeviceOptions> byPrincipal(Principal peer) {
        if (peer instanceof PreSharedKeyIdentity psk) {
            return byIdentity(psk.getIdentity());
        }
        if (peer instanceof RawPublicKeyIdentity rpk) {
            return Optional.ofNullable(byPublicKey.get(publicKeyKey(rpk.getSubjectInfo())));
        }
        if (peer instanceof X509CertPath x509) {
            X500Principal subject = x509.getTarget().getSubjectX500Principal();
            CoapDeviceOptions byDn = byCertificate.get("dn:" + subject.getName(X500Principal.CANONICAL));
            String cn = x509.getCN();
            return Optional.ofNullable(byDn != null ? byDn : cn == null ? null : byCertificate.get("cn:" + cn));
        }
        return Optional.empty();
    }

    /** @return whether {@code peer} authenticated with one of this device's credentials */
    static boolean belongsTo(CoapDeviceOptions device, Principal peer) {
        DeviceDirectory one = new DeviceDirectory();
        one.add(device);
        return one.byPrincipal(peer).isPresent();
    }

    /** @return how a DTLS peer is named in answers and reading attributes */
    static String describe(Principal peer) {
        if (peer instanceof PreSharedKeyIdentity psk) {
            return psk.getIdentity();
        }
        if (peer instanceof X509CertPath x509) {
            return x509.getTarget().getSubjectX500Principal().getName();
        }
        return peer.getName(); // a raw public key: ni:///sha-256;... (RFC 6920)
    }

    /**
     * @param name a certificate name as configured: a common name, or a subject DN (it holds '=')
     * @return the key it is found by
     * @throws IllegalArgumentException if it holds '=' but is no distinguished name
     */
    static String certificateKey(String name) {
        return name.contains("=") ? "dn:" + new X500Principal(name).getName(X500Principal.CANONICAL) : "cn:" + name;
    }

    private static String publicKeyKey(byte[] subjectPublicKeyInfo) {
        return java.util.Base64.getEncoder().encodeToString(subjectPublicKeyInfo);
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
