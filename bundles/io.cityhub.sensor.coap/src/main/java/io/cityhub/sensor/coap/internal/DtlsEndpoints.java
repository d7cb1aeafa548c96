package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;

/** Builds the server's DTLS 1.2 connector (Scandium) for pre-shared keys. */
final class DtlsEndpoints {

    private DtlsEndpoints() {
    }

    /**
     * @param bind where to listen
     * @param configuration the server's Californium configuration; the DTLS definitions are registered on it
     * @param keys the devices' keys
     * @param counters counts completed and failed handshakes
     * @return the connector, not started
     */
    static DTLSConnector connector(InetSocketAddress bind, Configuration configuration, AdvancedPskStore keys,
            CoapCounters counters) {
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                .setAddress(bind)
                // the gateway only answers handshakes; it never opens one towards a sensor
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                // RFC 6347 §4.2.8: a client may resume its session with an abbreviated handshake by session id
                .set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, true)
                .setAdvancedPskStore(keys)
                .setLoggingTag("cityhub-coaps")
                .setSessionListener(new SessionAdapter() {
                    @Override
                    public void handshakeCompleted(Handshaker handshaker) {
                        counters.dtlsHandshakes.increment();
                    }

                    @Override
                    public void handshakeFailed(Handshaker handshaker, Throwable error) {
                        counters.dtlsHandshakeFailures.increment();
                    }
                })
                .build();
        return new DTLSConnector(config);
    }

    /** Registers Scandium's configuration definitions; idempotent. */
    static void register() {
        DtlsConfig.register();
    }
}
