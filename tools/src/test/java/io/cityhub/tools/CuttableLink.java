package io.cityhub.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link on loopback between the gateway and a broker that a test can cut and restore: the network failing, not
 * the broker. Cutting closes every connection at once (PUBACKs in flight are lost, as on a real outage) and refuses
 * new ones until restored; the broker and its subscribers stay up, so whatever the broker acknowledged reaches the
 * platform, and a reading missing there was lost by the gateway.
 */
final class CuttableLink implements AutoCloseable {

    private final int listenPort;
    private final int brokerPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    /**
     * @param listenPort where the gateway connects
     * @param brokerPort where the broker listens
     * @throws IOException if the port cannot be bound
     */
    CuttableLink(int listenPort, int brokerPort) throws IOException {
        this.listenPort = listenPort;
        this.brokerPort = brokerPort;
        restore();
    }

    /** Accepts connections again (after {@link #cut()}). */
    synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "cuttable-link-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection and refuses new ones. */
    synchronized void cut() throws IOException {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            socket.close();
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                open.add(client);
                open.add(broker);
                pump(client, broker);
                pump(broker, client);
            } catch (IOException e) {
                return; // cut: the server socket is closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or one side closed: the other side is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cuttable-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
