package io.cityhub.sensor.coap.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** Scandium DTLS-PSK clients on loopback, as a sensor would use them; closes every client it made. */
final class DtlsClients implements AutoCloseable {

    private final List<CoapClient> clients = new ArrayList<>();

    /**
     * A client and the handshakes it completed (full or abbreviated).
     *
     * @param connector its DTLS connector
     */
    record Client(CoapClient coap, AtomicInteger handshakes, DTLSConnector connector) {
    }

    /**
     * @param identity the PSK identity it presents
     * @param key the key, as text
     * @param timeout how long it waits for an answer (a refused handshake shows as no answer)
     * @return a client that has not yet shaken hands
     */
    Client client(String identity, String key, Duration timeout) {
        DtlsConfig.register();
        Configuration configuration = Configuration.createStandardWithoutFile();
        AtomicInteger handshakes = new AtomicInteger();
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key.getBytes(StandardCharsets.UTF_8)))
                .setSessionListener(new SessionAdapter() {
                    @Override
                    public void handshakeCompleted(Handshaker handshaker) {
                        handshakes.incrementAndGet();
                    }
                })
                .build();
        CoapClient client = new CoapClient();
        DTLSConnector connector = new DTLSConnector(config);
        client.setEndpoint(new CoapEndpoint.Builder().setConnector(connector)
                .setConfiguration(configuration).build());
        client.setTimeout(timeout.toMillis());
        clients.add(client);
        return new Client(client, handshakes, connector);
    }

    static String uri(CoapSensorServer server, String path) {
        return "coaps://127.0.0.1:" + server.dtlsAddress().getPort() + path;
    }

    @Override
    public void close() {
        clients.forEach(CoapClient::shutdown);
    }
}
