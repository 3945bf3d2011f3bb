package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Requests broken below HTTP semantics, sent over raw sockets (RestAssured cannot send them): a malformed chunked body
 * gets a 400 with our error body; a request without {@code Host} (or HTTP/2 {@code :authority}) a 400 with our error
 * body instead of Quarkus' ERROR with stack trace; garbage Vert.x's own 400. None of it writes a stack trace, and each
 * kind writes at most one log line per 10 s.
 */
@QuarkusTest
class JunkRequestsTest {
    static final String CHUNK_DETAIL = "{\"detail\":\"Bad request: the chunked request body is malformed "
            + "(Transfer-Encoding: chunked)\"}";
    static final String NO_HOST = "{\"detail\":\"Bad request: the 'Host' header is required\"}";
    static final String NO_AUTHORITY = "{\"detail\":\"Bad request: the ':authority' pseudo-header is required\"}";
    static final String H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    /** An empty SETTINGS frame. */
    static final String H2_SETTINGS = "\0\0\0\u0004\0\0\0\0\0";

    @TestHTTPResource("/")
    URL url;

    /** What the server answered on a fresh connection: until it closed, {@code until} was read, or 3 s passed. */
    String exchange(String request, String until) throws IOException {
        return exchange(request, until, 3000);
    }

    String exchange(String request, String until, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream(), until);
        }
    }

    static String read(InputStream in, String until) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                got.write(buffer, 0, n);
                if (until != null && got.toString(StandardCharsets.ISO_8859_1).contains(until)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            got.write("<timed out>".getBytes(StandardCharsets.ISO_8859_1));
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    static String chunkedPost(String path, String token, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Transfer-Encoding: chunked\r\n\r\n" + body;
    }

    /** An HTTP/2 GET (prior knowledge) of {@code path} without :authority: HPACK :method GET, :scheme http, :path. */
    static String h2GetWithoutAuthority(String path) {
        String block = "\u0082\u0086\u0044" + (char) path.length() + path;
        return H2_PREFACE + H2_SETTINGS + "\0\0" + (char) block.length() + "\u0001\u0005\0\0\0\u0001" + block;
    }

    @Test
    void aChunkSizeThatIsNotHexIsA400WithOurErrorBodyAndTheConnectionCloses() throws IOException {
        String token = Api.newToken("junk");

        String answer = exchange(chunkedPost("/api/images", token, "zz\r\n{}\r\n0\r\n\r\n"), null);

        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("connection: close")
                .endsWith(CHUNK_DETAIL).doesNotContain("<timed out>");
    }

    @Test
    void aMalformedChunkArrivingWhileTheBodyIsReadIsA400Too() throws Exception {
        String token = Api.newToken("junk");
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(chunkedPost("/api/images", token, "9\r\n{\"model\":\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write("12345678901234567890\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = read(socket.getInputStream(), null);

            assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith(CHUNK_DETAIL).doesNotContain("<timed out>");
        }
    }

    @Test
    void onMcpAMalformedChunkIsAJsonRpcInvalidRequest() throws IOException {
        String token = Api.newToken("junk");

        String answer = exchange(chunkedPost("/mcp", token, "zz\r\n{}\r\n0\r\n\r\n"), null);

        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
                + "-32600,\"message\":\"Invalid Request: the chunked request body is malformed (Transfer-Encoding: "
                + "chunked)\"}}");
    }

    @Test
    void afterAnAnswerAlreadyGivenAMalformedChunkOnlyClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            // without a key, the API answers 401 before it reads the body
            out.write(chunkedPost("/api/images", null, "2\r\n{}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String refusal = read(socket.getInputStream(), "Bearer <api key>'\"}");
            out.write("zz\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String rest = read(socket.getInputStream(), null);

            assertThat(refusal).startsWith("HTTP/1.1 401 ");
            assertThat(rest).as("nothing after the 401, the connection closed").isEmpty();
        }
    }

    @Test
    void aRequestWithoutHostIsA400WithOurErrorBody() throws IOException {
        String rest = exchange("GET /api/images/models HTTP/1.1\r\nConnection: close\r\n\r\n", null);
        String mcp = exchange("POST /mcp HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", null);

        assertThat(rest).startsWith("HTTP/1.1 400 ").endsWith(NO_HOST);
        assertThat(mcp).startsWith("HTTP/1.1 400 ").endsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
                + "-32600,\"message\":\"Invalid Request: the 'Host' header is required\"}}");
    }

    @Test
    void anHttp2RequestWithoutAuthorityIsA400WithOurErrorBody() throws IOException {
        String answer = exchange(h2GetWithoutAuthority("/api/images/models"), NO_AUTHORITY);

        assertThat(answer).contains(NO_AUTHORITY);
    }

    @Test
    void garbageGetsVertxsOwn400() throws IOException {
        assertThat(exchange("hello world\r\n\r\n", null)).startsWith("HTTP/1.0 400 Bad Request");
        assertThat(exchange("\u0016\u0003\u0001\u0002\0\u0001\0\u0001\u00fc\u0003\u0003junk\r\n\r\n", null))
                .startsWith("HTTP/1.0 400 Bad Request");
    }

    @Test
    void junkFromAnyoneWritesNoStackTraceAndAtMostOneLinePerKind() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 20; i++) {
                exchange("GET /api/images/models HTTP/1.1\r\nConnection: close\r\n\r\n", null);
                exchange("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n", null);
                exchange(h2GetWithoutAuthority("/health"), NO_AUTHORITY);
                exchange(H2_PREFACE, null, 100);
                exchange(chunkedPost("/api/texts", null, "zz\r\n\r\n"), null);
                exchange("\0\0\0\0garbage\r\n\r\n", null);
                exchange("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", null, 300);
            }
            Thread.sleep(200);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(System.nanoTime() - start).as("the burst must fit in one 10 s window").isLessThan(9_000_000_000L);

        synchronized (records) {
            assertThat(records).allSatisfy(r -> {
                assertThat(r.getThrown()).as("%s: %s", r.getLoggerName(), r.getMessage()).isNull();
                assertThat(r.getLevel().intValue()).as("%s: %s", r.getLoggerName(), r.getMessage())
                        .isLessThan(Level.SEVERE.intValue());
                assertThat(String.valueOf(r.getMessage())).doesNotContain("Exception", "\tat ");
            });
            assertThat(records.stream().filter(r -> r.getMessage().contains("without Host"))).hasSizeLessThan(2);
            assertThat(records.stream().filter(r -> r.getMessage().contains("malformed chunked body")))
                    .hasSizeLessThan(2);
            assertThat(records).as("lines in the burst: %s", records.stream().map(LogRecord::getMessage).toList())
                    .hasSizeLessThan(5);
        }
    }
}
