package io.cityhub.sensor.coap.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the DTLS connections (sessions with their keys) from a closed connector to the next one, so devices go on
 * with their session instead of a full handshake after the socket is reopened. Held in memory only: the session
 * keys are never written to disk.
 */
final class DtlsSessions {

    /** Sessions older than this are not carried over: a device that silent has likely rebooted. */
    private static final long MAX_AGE_SECONDS = 24 * 3600L;

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSessions.class);

    private final AtomicReference<byte[]> saved = new AtomicReference<>();

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
