package io.cityhub.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately independent CoAP client (RFC 7252 §3 message format) written for the tests, so the gateway's
 * CoAP stack is checked against the specification rather than against the same library.
 */
final class RawCoapClient implements AutoCloseable {

    /** A response: CoAP code as class.detail, e.g. 2.04 = 68, and its payload. */
    record Response(int code, byte[] payload) {
        String codeText() {
            return (code >> 5) + "." + String.format("%02d", code & 0x1F);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final int VERSION_1 = 0x40;
    private static final int CON = 0x00;
    private static final int ACK = 0x20;
    private static final int POST = 0x02;
    private static final int OPTION_URI_PATH = 11;
    private static final int OPTION_CONTENT_FORMAT = 12;

    private final DatagramSocket socket;
    private final InetAddress host;
    private final int port;

    RawCoapClient(int port) throws IOException {
        this.host = InetAddress.getLoopbackAddress();
        this.port = port;
        this.socket = new DatagramSocket(0, host);
    }

    /**
     * Sends a confirmable POST and waits for its response, piggybacked or separate (§5.2).
     *
     * @return the response, or null if none came within the timeout
     */
    Response post(String[] path, int contentFormat, byte[] payload, int timeoutMillis) throws IOException {
        int messageId = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] token = new byte[4];
        ThreadLocalRandom.current().nextBytes(token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION_1 | CON | token.length);
        out.write(POST);
        out.write(messageId >> 8);
        out.write(messageId & 0xFF);
        out.write(token);
        int previous = 0;
        for (String segment : path) {
            writeOption(out, OPTION_URI_PATH - previous, segment.getBytes(StandardCharsets.UTF_8));
            previous = OPTION_URI_PATH;
        }
        writeOption(out, OPTION_CONTENT_FORMAT - previous, contentFormat == 0 ? new byte[0]
                : contentFormat < 256 ? new byte[] {(byte) contentFormat}
                : new byte[] {(byte) (contentFormat >> 8), (byte) contentFormat});
        out.write(0xFF);
        out.write(payload);
        byte[] request = out.toByteArray();
        socket.send(new DatagramPacket(request, request.length, host, port));

        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buffer = new byte[2048];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] m = Arrays.copyOf(packet.getData(), packet.getLength());
            int type = m[0] & 0x30;
            int tkl = m[0] & 0x0F;
            int code = m[1] & 0xFF;
            int id = ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
            if (code == 0) {
                continue; // empty ACK: the server accepted the request and will answer separately (§5.2.2)
            }
            if (type == CON) {
                // a separate response must itself be acknowledged, or the server retransmits it
                byte[] ack = {(byte) (VERSION_1 | ACK), 0, (byte) (id >> 8), (byte) id};
                socket.send(new DatagramPacket(ack, ack.length, host, port));
            }
            if (tkl != token.length || !Arrays.equals(Arrays.copyOfRange(m, 4, 4 + tkl), token)) {
                continue;
            }
            return new Response(code, payloadOf(m, 4 + tkl));
        }
        return null;
    }

    private static void writeOption(ByteArrayOutputStream out, int delta, byte[] value) {
        // deltas and lengths below 13 fit the nibble; the tests never need the 14 (two-byte) extension
        int d = delta < 13 ? delta : 13;
        int l = value.length < 13 ? value.length : 13;
        out.write((d << 4) | l);
        if (d == 13) {
            out.write(delta - 13);
        }
        if (l == 13) {
            out.write(value.length - 13);
        }
        out.write(value, 0, value.length);
    }

    private static byte[] payloadOf(byte[] m, int offset) {
        int i = offset;
        while (i < m.length && (m[i] & 0xFF) != 0xFF) {
            int delta = (m[i] >> 4) & 0x0F;
            int length = m[i] & 0x0F;
            i++;
            if (delta == 13) {
                delta = 13 + (m[i++] & 0xFF);
            } else if (delta == 14) {
                delta = 269 + (((m[i] & 0xFF) << 8) | (m[i + 1] & 0xFF));
                i += 2;
            }
            if (length == 13) {
                length = 13 + (m[i++] & 0xFF);
            } else if (length == 14) {
                length = 269 + (((m[i] & 0xFF) << 8) | (m[i + 1] & 0xFF));
                i += 2;
            }
            i += length;
        }
        return i < m.length ? Arrays.copyOfRange(m, i + 1, m.length) : new byte[0];
    }

    @Override
    public void close() {
        socket.close();
    }
}
