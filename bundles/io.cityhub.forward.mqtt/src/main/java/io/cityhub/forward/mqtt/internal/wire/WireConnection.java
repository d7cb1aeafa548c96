package io.cityhub.forward.mqtt.internal.wire;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 3.1.1 network connection to a broker (tcp:// or ssl://): CONNECT and CONNACK on the caller's thread, then
 * one reader thread that decodes what arrives, runs the handler's callbacks directly and keeps the connection alive
 * (§3.1.2.10: a PINGREQ when nothing was sent for the keep-alive interval; the connection counts as lost when
 * nothing at all arrived for 1.5 times it). Writes happen on the caller's thread under a lock, into a buffered
 * stream: there is no sender thread.
 *
 * <p>Whatever goes wrong — a malformed packet, a protocol violation, the broker closing mid-packet, a write failing —
 * closes the connection once, with that as its cause, and the handler hears {@link Handler#closed} exactly once.
 */
public final class WireConnection {

    /** What the connection reports; called on its reader thread, so quick and never blocking. */
    public interface Handler {
        /** The broker acknowledged the QoS 1 PUBLISH with this packet id. */
        void puback(WireConnection connection, int packetId);

        /** A PUBLISH arrived; for QoS 1 the connection sends the PUBACK after this returns. */
        void publish(WireConnection connection, Packet.Publish publish);

        /** The connection is closed (by either side); {@code cause} says why. Called once. */
        void closed(WireConnection connection, IOException cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WireConnection.class);
    /** Largest packet accepted from the broker: requests to a gateway are small; this bounds the read buffer. */
    static final int MAX_INCOMING_BYTES = 4 << 20;
    private static final int MIN_READ_TIMEOUT_MILLIS = 10;

    private final String uri;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Handler handler;
    private final long keepAliveNanos;
    private final boolean sessionPresent;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, CompletableFuture<Packet>> requests = new ConcurrentHashMap<>();
    private final AtomicReference<IOException> closeCause = new AtomicReference<>();
    private volatile long lastSentNanos;
    private volatile long lastReceivedNanos;
    private byte[] buf;
    private int start;
    private int end;
    private Thread reader;

    private WireConnection(String uri, Socket socket, Handler handler, int keepAliveSeconds, boolean sessionPresent,
            byte[] buf, int start, int end) throws IOException {
        this.uri = uri;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.handler = handler;
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.sessionPresent = sessionPresent;
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.lastSentNanos = System.nanoTime();
        this.lastReceivedNanos = lastSentNanos;
    }

    /**
     * Connects, sends CONNECT and waits for CONNACK; on success the reader thread runs.
     *
     * @param brokerUri {@code tcp://host[:port]} (1883) or {@code ssl://host[:port]} (8883)
     * @param tls the socket factory of an ssl:// broker (null for tcp://)
     * @param hostnameVerification whether the broker's certificate must name the host (endpoint identification
     *     "HTTPS")
     * @param timeoutMillis for the TCP connect, the TLS handshake and the CONNACK, each
     * @param readerName the reader thread's name
     * @throws ConnectRefusedException if CONNACK carries a return code other than 0
     * @throws IOException if the broker cannot be reached, the handshake fails or no CONNACK came in time
     */
    public static WireConnection open(String brokerUri, SSLSocketFactory tls, boolean hostnameVerification,
            Packet.Connect connect, int timeoutMillis, Handler handler, String readerName) throws IOException {
        URI u = URI.create(brokerUri);
        String scheme = String.valueOf(u.getScheme());
        boolean ssl = scheme.equals("ssl");
        if (!ssl && !scheme.equals("tcp")) {
            throw new IOException("broker URI '" + brokerUri + "' is neither tcp:// nor ssl://");
        }
        if (ssl && tls == null) {
            throw new IOException("broker URI '" + brokerUri + "' is ssl:// but no TLS settings were given");
        }
        String host = u.getHost();
        if (host == null) {
            throw new IOException("broker URI '" + brokerUri + "' has no host");
        }
        int port = u.getPort() > 0 ? u.getPort() : ssl ? 8883 : 1883;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            if (ssl) {
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
                if (hostnameVerification) {
                    SSLParameters parameters = secure.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    secure.setSSLParameters(parameters);
                }
                secure.startHandshake();
                socket = secure;
            }
            return handshake(brokerUri, socket, connect, handler, readerName);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static WireConnection handshake(String uri, Socket socket, Packet.Connect connect, Handler handler,
            String readerName) throws IOException {
        OutputStream raw = socket.getOutputStream();
        raw.write(PacketCodec.encode(connect));
        raw.flush();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[16 * 1024];
        int end = 0;
        int frame;
        try {
            while ((frame = PacketCodec.frameLength(buf, 0, end)) < 0 || frame > end) {
                if (frame > 64) {
                    throw new MalformedPacketException("the broker's first packet has " + frame
                            + " bytes; CONNACK has 4");
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    throw new EOFException(uri + " closed the connection before CONNACK");
                }
                end += n;
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no CONNACK from " + uri + " within " + socket.getSoTimeout() + " ms", e);
        }
        Packet first = PacketCodec.decode(buf, 0, frame);
        if (!(first instanceof Packet.Connack ack)) {
            throw new MalformedPacketException(uri + " sent " + first.getClass().getSimpleName()
                    + " instead of CONNACK (§3.2)");
        }
        if (ack.returnCode() != 0) {
            throw new ConnectRefusedException(uri, ack.returnCode());
        }
        WireConnection c = new WireConnection(uri, socket, handler, connect.keepAliveSeconds(), ack.sessionPresent(),
                buf, frame, end);
        c.reader = new Thread(c::readLoop, readerName);
        c.reader.setDaemon(true);
        c.reader.start();
        return c;
    }

    /** @return the broker URI this connection went to */
    public String uri() {
        return uri;
    }

    /** @return whether the broker had kept a session for this client id (CONNACK, §3.2.2.2) */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /** @return true until the connection is closed */
    public boolean isOpen() {
        return closeCause.get() == null;
    }

    /**
     * Writes a PUBLISH (and flushes it).
     *
     * @param topic the topic's UTF-8 bytes, checked by the caller
     * @throws IOException if the connection is closed or the write fails (the connection is then closed)
     */
    public void publish(byte[] topic, byte[] payload, int qos, boolean dup, boolean retain, int packetId)
            throws IOException {
        write(PacketCodec.publishHead(topic, payload.length, qos, dup, retain, packetId), payload);
    }

    /**
     * Sends SUBSCRIBE or UNSUBSCRIBE and waits for its SUBACK or UNSUBACK.
     *
     * @return the acknowledgement
     * @throws IOException if the connection closed first, the write failed or nothing came within the timeout
     */
    public Packet request(Packet request, int packetId, long timeoutMillis) throws IOException, InterruptedException {
        CompletableFuture<Packet> answer = new CompletableFuture<>();
        requests.put(packetId, answer);
        try {
            write(PacketCodec.encode(request), null);
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + uri + " to " + request.getClass().getSimpleName() + " within "
                    + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            requests.remove(packetId);
        }
    }

    /**
     * Closes the connection; idempotent. Waits up to a second for the reader thread unless called on it.
     *
     * @param sendDisconnect true to send DISCONNECT first (a clean stop: the broker discards the last will); false
     *     to drop the socket as a dead link would, so the broker publishes the will
     * @param reason why, for the handler
     */
    public void close(boolean sendDisconnect, String reason) {
        if (sendDisconnect && isOpen()) {
            try {
                write(PacketCodec.encode(new Packet.Disconnect()), null);
            } catch (IOException e) {
                LOG.debug("uplink DISCONNECT to {} not sent: {}", uri, e.getMessage());
            }
        }
        shutDown(new IOException(reason));
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            try {
                r.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(byte[] head, byte[] body) throws IOException {
        writeLock.lock();
        try {
            if (!isOpen()) {
                throw new IOException("connection to " + uri + " is closed: " + closeCause.get().getMessage());
            }
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            lastSentNanos = System.nanoTime();
        } catch (IOException e) {
            shutDown(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /** Records the first cause and closes the socket; the reader thread then ends and tells the handler. */
    private void shutDown(IOException cause) {
        if (closeCause.compareAndSet(null, cause)) {
            closeQuietly(socket);
        }
    }

    private void readLoop() {
        try {
            while (isOpen()) {
                drainFrames();
                socket.setSoTimeout(readTimeoutMillis());
                int n;
                try {
                    n = in.read(buf, end, buf.length - end);
                } catch (SocketTimeoutException e) {
                    keepAlive();
                    continue;
                }
                if (n < 0) {
                    throw new EOFException(uri + " closed the connection"
                            + (end > start ? " in the middle of a packet (" + (end - start) + " bytes of it read)"
                                    : ""));
                }
                end += n;
                lastReceivedNanos = System.nanoTime();
            }
        } catch (IOException e) {
            shutDown(e);
        } catch (RuntimeException e) { // outermost guard of the reader thread: close with the cause, never die silently
            shutDown(new IOException("uplink reader failed: " + e, e));
        }
        IOException cause = closeCause.get();
        requests.values().forEach(f -> f.completeExceptionally(cause));
        try {
            handler.closed(this, cause);
        } catch (RuntimeException e) { // outermost guard of the reader thread
            LOG.warn("uplink connection-closed handler failed", e);
        }
    }

    private void drainFrames() throws IOException {
        while (true) {
            int frame = PacketCodec.frameLength(buf, start, end);
            if (frame > MAX_INCOMING_BYTES) {
                throw new MalformedPacketException("packet of " + frame + " bytes from " + uri + " is over the "
                        + MAX_INCOMING_BYTES + "-byte limit");
            }
            if (frame < 0 || frame > end - start) {
                makeRoom(frame);
                return;
            }
            Packet p = PacketCodec.decode(buf, start, frame);
            start += frame;
            dispatch(p);
        }
    }

    private void makeRoom(int frame) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        int needed = Math.max(frame, 5);
        if (buf.length - start < needed || start > buf.length / 2) {
            byte[] next = needed > buf.length ? new byte[Math.max(needed, buf.length * 2)] : buf;
            System.arraycopy(buf, start, next, 0, end - start);
            end -= start;
            start = 0;
            buf = next;
        }
    }

    private void dispatch(Packet p) throws IOException {
        if (p instanceof Packet.Puback ack) {
            try {
                handler.puback(this, ack.packetId());
            } catch (RuntimeException e) { // a callback's bug must not take the connection down
                LOG.warn("uplink PUBACK callback failed", e);
            }
        } else if (p instanceof Packet.Publish publish) {
            if (publish.qos() == 2) {
                throw new MalformedPacketException(uri + " sent a QoS 2 PUBLISH on a QoS 1 subscription (§3.8.4)");
            }
            try {
                handler.publish(this, publish);
            } catch (RuntimeException e) { // a callback's bug must not take the connection down
                LOG.warn("uplink message callback failed", e);
            }
            if (publish.qos() == 1) {
                write(PacketCodec.encode(new Packet.Puback(publish.packetId())), null);
            }
        } else if (p instanceof Packet.Suback || p instanceof Packet.Unsuback) {
            int id = p instanceof Packet.Suback s ? s.packetId() : ((Packet.Unsuback) p).packetId();
            CompletableFuture<Packet> waiting = requests.get(id);
            if (waiting != null) {
                waiting.complete(p);
            }
        } else if (!(p instanceof Packet.PingResp)) {
            throw new MalformedPacketException(uri + " sent " + p.getClass().getSimpleName()
                    + ", which a broker never sends to a client");
        }
    }

    private int readTimeoutMillis() {
        if (keepAliveNanos == 0) {
            return 0;
        }
        long now = System.nanoTime();
        long next = Math.min(lastReceivedNanos + keepAliveNanos * 3 / 2, lastSentNanos + keepAliveNanos);
        return (int) Math.max(MIN_READ_TIMEOUT_MILLIS, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
    }

    private void keepAlive() throws IOException {
        long now = System.nanoTime();
        long silent = now - lastReceivedNanos;
        if (silent >= keepAliveNanos * 3 / 2) {
            throw new IOException("nothing from " + uri + " for " + TimeUnit.NANOSECONDS.toMillis(silent)
                    + " ms (keep-alive " + TimeUnit.NANOSECONDS.toSeconds(keepAliveNanos) + " s): connection lost");
        }
        // tryLock: a writer holding the lock is sending something anyway (and may be stuck on a full socket, which
        // the silence check above must still be able to see)
        if (now - lastSentNanos >= keepAliveNanos && writeLock.tryLock()) {
            try {
                if (isOpen()) {
                    out.write(PacketCodec.encode(new Packet.PingReq()));
                    out.flush();
                    lastSentNanos = System.nanoTime();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("uplink socket close failed: {}", e.getMessage());
        }
    }
}
