package io.ddiffusion.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 keep-alive client over blocking sockets, one connection per (virtual) thread, for the hot-path
 * scenarios. java.net.http.HttpClient costs ~300-400 µs of CPU a request, which on a 2-core machine shared with
 * the server would measure the client more than the server; this costs a few µs. Requests are pre-encoded bytes.
 */
final class RawHttp implements AutoCloseable {
    /** Status and body of one answer. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private final String host;
    private final ThreadLocal<Conn> conns = new ThreadLocal<>();
    private final List<Conn> all = new CopyOnWriteArrayList<>();

    RawHttp(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    /** The bytes of a request with a JSON body (may be null) and an optional bearer token. */
    byte[] request(String method, String path, String bearer, byte[] body) {
        return request(method, path, bearer, "application/json", body);
    }

    /** The bytes of a request with a body of {@code contentType} (may be null) and an optional bearer token. */
    byte[] request(String method, String path, String bearer, String contentType, byte[] body) {
        StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        if (bearer != null) {
            h.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        byte[] head = h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends a pre-encoded request on this thread's connection (opening it if needed) and reads the answer. */
    Response send(byte[] request) throws IOException {
        Conn c = conns.get();
        if (c == null || c.socket.isClosed()) {
            c = new Conn(new Socket());
            c.socket.setTcpNoDelay(true);
            c.socket.connect(address, 5_000);
            c.socket.setSoTimeout(30_000);
            c.in = new BufferedInputStream(c.socket.getInputStream(), 64 * 1024);
            c.out = c.socket.getOutputStream();
            conns.set(c);
            all.add(c);
        }
        try {
            c.out.write(request);
            c.out.flush();
            return c.read();
        } catch (IOException | RuntimeException e) {
            c.socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (Conn c : all) {
            try {
                c.socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        all.clear();
    }

    private static final class Conn {
        final Socket socket;
        InputStream in;
        OutputStream out;

        Conn(Socket socket) {
            this.socket = socket;
        }

        Response read() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("bad status line '" + status + "'");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0;
                        n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    b.write(in.readNBytes(n));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                body = b.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length != length) {
                    throw new IOException("connection closed after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                socket.close();
            }
            return new Response(code, body);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }
    }
}
