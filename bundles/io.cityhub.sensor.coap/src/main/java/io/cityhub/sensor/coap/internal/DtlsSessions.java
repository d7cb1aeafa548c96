package io.cityhub.sensor.coap.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.InMemorySessionStore;
import org.eclipse.californium.scandium.dtls.SessionStore;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's DTLS sessions while the {@link CoapSensorServer} component is restarted (a changed
 * configuration, ingest or the outbox restarted) or its sockets are reopened, so devices go on without a full
 * handshake. Two ways, both Scandium's:
 * <ul>
 * <li>the open connections (with their keys) are saved from the stopped connector and loaded into the next one
 * ({@code saveConnections}/{@code loadConnections}): the device goes on with its session, no handshake at all;</li>
 * <li>every established session is also kept in a session store by its session id, which every connector shares:
 * a device that starts a new handshake with its session id (RFC 5246 §7.3, RFC 6347 §4.2.8; e.g. after it lost
 * the connection or changed its address) gets the abbreviated handshake.</li>
 * </ul>
 * Its own immediate component, so it outlives the server's restarts; held in memory only, never written to disk (the
 * session keys would need an encryption key kept somewhere safer than next to them), so a restart of the bundle or
 * the framework ends every session.
 */
@Component(service = DtlsSessions.class, immediate = true)
public final class DtlsSessions {

    /** Sessions older than this are not carried over: a device that silent has likely rebooted. */
    static final long MAX_AGE_SECONDS = 24 * 3600L;
    /** Sessions the store keeps for abbreviated handshakes; the least recently used goes first. */
    static final int STORE_CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSessions.class);

    private final AtomicReference<byte[]> saved = new AtomicReference<>();
    private final SessionStore store = new InMemorySessionStore(STORE_CAPACITY, MAX_AGE_SECONDS);

    /** Used by DS and tests. */
    public DtlsSessions() {
        // nothing to open: the sessions live in memory
    }

    /** @return the store every connector of the server puts its sessions in and resumes them from */
    SessionStore store() {
        return store;
    }

    /** @param connector a stopped connector */
    void saveFrom(DTLSConnector connector) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int count = connector.saveConnections(out, MAX_AGE_SECONDS);
            saved.set(out.toByteArray());
            LOG.info("kept {} DTLS sessions for the next socket", count);
        } catch (IOException e) {
            LOG.warn("DTLS sessions not kept (devices will do a full handshake): {}", e.toString());
        }
    }

    /** @param connector a connector not yet started */
    void restoreInto(DTLSConnector connector) {
        byte[] data = saved.getAndSet(null);
        if (data == null) {
            return;
        }
        try {
            int count = connector.loadConnections(new ByteArrayInputStream(data), 0);
            LOG.info("resumed {} DTLS sessions", count);
        } catch (IOException e) {
            LOG.warn("DTLS sessions not resumed (devices will do a full handshake): {}", e.toString());
        }
    }
}
