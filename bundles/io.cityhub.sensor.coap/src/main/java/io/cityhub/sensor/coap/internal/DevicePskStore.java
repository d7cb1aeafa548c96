package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of DTLS-PSK (RFC 4279): the key of the device that presents an identity, read from the configured
 * devices at each handshake, so a device added or removed applies to its next handshake. An unknown identity gets
 * no key, and Scandium ends the handshake with an alert (RFC 4279 §2: unknown_psk_identity), so no session exists.
 */
final class DevicePskStore implements AdvancedPskStore {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePskStore.class);

    private final DeviceDirectory devices;

    DevicePskStore(DeviceDirectory devices) {
        this.devices = devices;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
            PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
            boolean useExtendedMasterSecret) {
        String name = identity.getPublicInfoAsString();
        SecretKey key = devices.byIdentity(name)
                .map(device -> SecretUtil.create(device.psk(), PskSecretResult.ALGORITHM_PSK))
                .orElse(null);
        if (key == null) {
            // an identity is not a secret, but a flood of them is worth a debug line at most
            LOG.debug("DTLS handshake with unknown PSK identity '{}' refused", name);
        }
        // a null secret makes Scandium fail the handshake; it derives the master secret from the key itself
        return new PskSecretResult(cid, identity, key);
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // the gateway never starts a handshake as a client
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
