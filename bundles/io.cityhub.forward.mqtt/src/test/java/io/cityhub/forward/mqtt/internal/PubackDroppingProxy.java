package io.cityhub.forward.mqtt.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between a client and an MQTT broker that can turn the connections open at a given moment
 * into a broker that stops acknowledging: it then drops every PUBACK (MQTT 3.1.1 §2.2.1 control packet type 4) from
 * the broker to the client, while the socket stays open and everything else, PINGRESP included, still passes. This
 * is the case Paho's keep-alive cannot see. Connections made afterwards pass everything. It can also cut the link
 * altogether ({@link #cut()}: open connections closed, new ones closed at once) until {@link #restore()}, as a
 * cellular outage would, while the broker and the platform stay up.
 */
final class PubackDroppingProxy implements AutoCloseable {

    private static final int PUBACK = 4;

    private final int upstreamPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-mqtt-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger droppedPubacks = new AtomicInteger();
    private volatile boolean cut;

    PubackDroppingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on the connections open at this moment lose every PUBACK the broker sends. */
    void dropPubacksOnOpenConnections() {
        links.forEach(link -> link.dropPubacks = true);
    }

    /** Closes every open connection and, until {@link #restore()}, every new one at once. */
    void cut() {
        cut = true;
        links.forEach(Link::close);
    }

    void restore() {
        cut = false;
    }

    int connections() {
        return links.size();
    }

    int droppedPubacks() {
        return droppedPubacks.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Link link = new Link(client, broker);
                links.add(link);
                threads.execute(() -> link.copyBytes(client, broker));
                threads.execute(link::copyPackets);
            } catch (IOException e) {
                return; // closed, or the broker is down: the client sees its connection refused or closed
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Link link : links) {
            link.close();
        }
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** One proxied connection. */
    private final class Link implements Closeable {
        private final Socket client;
        private final Socket broker;
        volatile boolean dropPubacks;

        Link(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        void copyBytes(Socket from, Socket to) {
            byte[] chunk = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(chunk)) > 0; ) {
                    out.write(chunk, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other one must see it too
            } finally {
                close();
            }
        }

        /** Broker to client, packet by packet: fixed header, remaining length (§2.2.3), then the rest. */
        void copyPackets() {
            try (DataInputStream in = new DataInputStream(broker.getInputStream())) {
                OutputStream out = client.getOutputStream();
                while (true) {
                    int first = in.read();
                    if (first < 0) {
                        return;
                    }
                    ByteArrayOutputStream packet = new ByteArrayOutputStream();
                    packet.write(first);
                    int remaining = 0;
                    for (int shift = 0; ; shift += 7) {
                        int b = in.read();
                        if (b < 0 || shift > 21) {
                            throw new EOFException("truncated or malformed remaining length");
                        }
                        packet.write(b);
                        remaining |= (b & 0x7f) << shift;
                        if ((b & 0x80) == 0) {
                            break;
                        }
                    }
                    byte[] body = new byte[remaining];
                    in.readFully(body);
                    if (dropPubacks && first >> 4 == PUBACK) {
                        droppedPubacks.incrementAndGet();
                        continue;
                    }
                    packet.write(body);
                    out.write(packet.toByteArray());
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other one must see it too
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            closeQuietly(client);
            closeQuietly(broker);
        }

        private void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway; nothing left to do with it
            }
        }
    }
}
