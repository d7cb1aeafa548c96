package io.cityhub.webui.internal;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server on a bounded pool of named threads ({@value #THREAD_PREFIX}N). When every worker is busy
 * and the queue is full, the server's own dispatcher thread runs the request (back-pressure instead of a dropped
 * connection).
 */
final class WebServer implements AutoCloseable {

    static final String THREAD_PREFIX = "cityhub-webui-";
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final int QUEUE = 32;
    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * Starts serving.
     *
     * @param address where to listen
     * @param threads worker threads
     * @param handler every request's handler
     * @throws IOException if the address cannot be bound (in use, not local)
     */
    WebServer(InetSocketAddress address, int threads, HttpHandler handler) throws IOException {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, THREAD_PREFIX + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            this.server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }

    /** @return the bound address (the real port when 0 was asked for) */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, lets running requests finish for up to a second, then ends the workers. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("web UI workers still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
