package io.cityhub.forward.mqtt.internal.link;

import io.cityhub.forward.mqtt.internal.wire.Packet;
import io.cityhub.forward.mqtt.internal.wire.PacketCodec;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A "broker" the test scripts packet by packet, on a real socket on 127.0.0.1: it accepts connections and the test
 * reads what the client sent and decides what to answer (or not).
 */
final class ScriptedBroker implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    ScriptedBroker() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                s.setSoTimeout(10_000);
                accepted.add(new Connection(s));
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** @return the next connection the client made, waiting up to 10 s */
    Connection accept() throws InterruptedException {
        Connection c = accepted.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no connection within 10 s");
        }
        return c;
    }

    /** @return the next connection within the timeout, or null */
    Connection accept(long millis) throws InterruptedException {
        return accepted.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : accepted) {
            c.close();
        }
    }

    /** One client connection, read and written by the test. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private byte[] buf = new byte[64 * 1024];
        private int end;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /** @return the next packet from the client (10 s at most) */
        Packet read() throws IOException {
            while (true) {
                int frame = PacketCodec.frameLength(buf, 0, end);
                if (frame > 0 && frame <= end) {
                    Packet p = PacketCodec.decode(buf, 0, frame);
                    System.arraycopy(buf, frame, buf, 0, end - frame);
                    end -= frame;
                    return p;
                }
                if (frame > buf.length) {
                    buf = Arrays.copyOf(buf, frame);
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    throw new EOFException("client closed");
                }
                end += n;
            }
        }

        /** @return the next packet of the given type, skipping PINGREQs */
        <T extends Packet> T read(Class<T> type) throws IOException {
            Packet p;
            do {
                p = read();
            } while (p instanceof Packet.PingReq && type != Packet.PingReq.class);
            if (!type.isInstance(p)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + p);
            }
            return type.cast(p);
        }

        void send(Packet p) throws IOException {
            sendRaw(PacketCodec.encode(p));
        }

        void sendRaw(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        /**
         * Plays a broker up to the online status: CONNACK 0, SUBACK, UNSUBACK.
         *
         * @return the client's CONNECT
         */
        Packet.Connect acceptSession() throws IOException {
            Packet.Connect connect = read(Packet.Connect.class);
            send(new Packet.Connack(true, 0));
            Packet.Subscribe sub = read(Packet.Subscribe.class);
            send(new Packet.Suback(sub.packetId(), 1));
            Packet.Unsubscribe unsub = read(Packet.Unsubscribe.class);
            send(new Packet.Unsuback(unsub.packetId()));
            return connect;
        }

        /** @return true once the client closed its side (EOF) within 10 s */
        boolean closedByClient() throws IOException {
            try {
                while (true) {
                    read();
                }
            } catch (EOFException | java.net.SocketException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
