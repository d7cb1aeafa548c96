package io.cityhub.webui.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server, with slow clients kept away from the request handlers.
 *
 * <p>Why: the JDK server reads a request's line and headers on the executor's thread, blocking, and without a time
 * limit unless one is set. With a pool of two threads, two clients that open a connection and send half a request
 * (or send a body a byte a minute) would block every other technician, and then the dispatcher itself. So:
 * <ul>
 *   <li>the JDK server's request time limit ({@value #MAX_REQUEST_TIME_PROPERTY}, seconds, from the first request
 *       byte until the whole body is read) is set to {@value #DEFAULT_MAX_REQUEST_SECONDS} s where nobody has set it;
 *       the server closes a connection that takes longer. It is a JVM-wide setting the JDK reads once, when its
 *       first HTTP server is made; in the standalone runtime that is this one;</li>
 *   <li>requests are read on up to {@code threads} + {@value #READERS} threads ({@value #THREAD_PREFIX}N), and the
 *       body is read before the handler runs, so a slow client holds a reader thread, never a handler;</li>
 *   <li>at most {@code threads} requests are handled at once (the others wait for a turn).</li>
 * </ul>
 * When every reader thread is busy, the server's own dispatcher thread reads and runs the request (back-pressure
 * instead of a dropped connection), for at most the request time limit.
 */
final class WebServer implements AutoCloseable {

    static final String THREAD_PREFIX = "cityhub-webui-";
    /** The JDK HTTP server's request time limit in seconds (module jdk.httpserver). */
    static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
    static final int DEFAULT_MAX_REQUEST_SECONDS = 15;
    /** Reader threads on top of the handler threads: slow clients may hold these for the request time limit. */
    static final int READERS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * Starts serving.
     *
     * @param address where to listen
     * @param threads how many requests are handled at once
     * @param maxBodyBytes the largest body a handler accepts; at most one byte more is read ahead of the handler
     * @param handler every request's handler
     * @throws IOException if the address cannot be bound (in use, not local)
     */
    WebServer(InetSocketAddress address, int threads, int maxBodyBytes, HttpHandler handler) throws IOException {
        boundRequestTime();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads + READERS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, THREAD_PREFIX + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        Semaphore handlers = new Semaphore(threads, true);
        try {
            this.server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", exchange -> handle(exchange, maxBodyBytes, handlers, handler));
        server.setExecutor(executor);
        server.start();
    }

    /** Sets the JDK server's request time limit unless the JVM was started with one. */
    private static void boundRequestTime() {
        synchronized (WebServer.class) {
            if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
                System.setProperty(MAX_REQUEST_TIME_PROPERTY, Integer.toString(DEFAULT_MAX_REQUEST_SECONDS));
            }
        }
    }

    private static void handle(HttpExchange exchange, int maxBodyBytes, Semaphore handlers, HttpHandler handler)
            throws IOException {
        byte[] body;
        try {
            // the whole body (up to one byte over the limit) before a handler is taken: a slow sender holds only
            // this reader thread, until the request time limit closes its connection
            body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            LOG.debug("web UI: request {} not read: {}", exchange.getRequestURI(), e.toString());
            exchange.close();
            return;
        }
        exchange.setStreams(new ByteArrayInputStream(body), null);
        try {
            handlers.acquire();
        } catch (InterruptedException e) {
            exchange.close();
            Thread.currentThread().interrupt(); // the server is closing
            return;
        }
        try {
            handler.handle(exchange);
        } finally {
            handlers.release();
        }
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
