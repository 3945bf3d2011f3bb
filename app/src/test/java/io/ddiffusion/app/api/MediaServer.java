package io.ddiffusion.app.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A loopback HTTP server for URL inputs: files, redirects, errors, a stall and an endless body. */
final class MediaServer implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);

    MediaServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers {@code body} with Content-Length at {@code path}. */
    MediaServer file(String path, byte[] body) {
        server.createContext(path, x -> answer(x, 200, body, true));
        return this;
    }

    /** Answers {@code body} chunked (no Content-Length), so only counting the bytes can cap it. */
    MediaServer chunked(String path, byte[] body) {
        server.createContext(path, x -> answer(x, 200, body, false));
        return this;
    }

    MediaServer redirect(String path, String location) {
        server.createContext(path, x -> {
            x.getResponseHeaders().add("Location", location);
            answer(x, 302, new byte[0], true);
        });
        return this;
    }

    MediaServer status(String path, int status) {
        server.createContext(path, x -> answer(x, status, "no".getBytes(), true));
        return this;
    }

    /** Sends the headers and a few bytes, then nothing until {@link #close}. */
    MediaServer stall(String path) {
        server.createContext(path, x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(Media.PNG, 0, 8);
                out.flush();
                released.await();
            } catch (InterruptedException | IOException e) {
                // the client gave up, as it should
            }
        });
        return this;
    }

    private static void answer(HttpExchange x, int status, byte[] body, boolean withLength) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : withLength ? body.length : 0);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
