package io.ddiffusion.app.tracing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP trace receiver on loopback, for tests: takes {@code POST /v1/traces} with an
 * {@code ExportTraceServiceRequest} in binary protobuf ({@code application/x-protobuf}, gzip or not) and answers 200
 * with an empty {@code ExportTraceServiceResponse}, as the OTLP specification
 * (opentelemetry-proto, {@code opentelemetry/proto/collector/trace/v1/trace_service.proto}) has it. The messages are
 * decoded by their field numbers from {@code trace/v1/trace.proto}, {@code resource/v1/resource.proto} and
 * {@code common/v1/common.proto}: protobuf's generic wire reader, no generated classes. Anything else it is sent
 * (another path, method or content type, a body that is not such a message) is recorded as a violation and answered
 * as a collector would refuse it.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** Span kinds as {@code Span.SpanKind} numbers them. */
    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    public static final int PRODUCER = 4;
    public static final int CONSUMER = 5;
    /** {@code Status.StatusCode.STATUS_CODE_ERROR}. */
    public static final int ERROR = 2;

    /** One span as received, with its resource's {@code service.name}. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            int kind, Map<String, Object> attributes, int status, long startNanos, long endNanos) {
        public Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Integer> exports = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}: the exporter appends {@code /v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** How many export requests arrived (any path). */
    public int exports() {
        return exports.size();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            exports.add(1);
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (!x.getRequestMethod().equals("POST") || !x.getRequestURI().getPath().equals("/v1/traces")) {
                violations.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
                x.sendResponseHeaders(404, -1);
                return;
            }
            if (type == null || !type.startsWith("application/x-protobuf")) {
                violations.add("Content-Type " + type);
                x.sendResponseHeaders(415, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equals(x.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(x.getRequestBody()) : x.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                spans.addAll(decode(body));
            } catch (InvalidProtocolBufferException e) {
                violations.add("not an ExportTraceServiceRequest: " + e.getMessage());
                x.sendResponseHeaders(400, -1);
                return;
            }
            x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            // an empty ExportTraceServiceResponse: no partial_success
            x.sendResponseHeaders(200, -1);
        }
    }

    /** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; } */
    static List<ReceivedSpan> decode(byte[] request) throws InvalidProtocolBufferException {
        List<ReceivedSpan> out = new ArrayList<>();
        for (ByteString rs : UnknownFieldSet.parseFrom(request).getField(1).getLengthDelimitedList()) {
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            UnknownFieldSet resourceSpans = UnknownFieldSet.parseFrom(rs);
            Map<String, Object> resource = new LinkedHashMap<>();
            for (ByteString r : resourceSpans.getField(1).getLengthDelimitedList()) {
                // Resource { repeated KeyValue attributes = 1; }
                resource.putAll(attributes(UnknownFieldSet.parseFrom(r).getField(1).getLengthDelimitedList()));
            }
            String service = String.valueOf(resource.get("service.name"));
            for (ByteString ss : resourceSpans.getField(2).getLengthDelimitedList()) {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                for (ByteString s : UnknownFieldSet.parseFrom(ss).getField(2).getLengthDelimitedList()) {
                    out.add(span(service, UnknownFieldSet.parseFrom(s)));
                }
            }
        }
        return out;
    }

    /**
     * Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
     * fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
     * Status status = 15; } and Status { string message = 2; StatusCode code = 3; }
     */
    private static ReceivedSpan span(String service, UnknownFieldSet s) throws InvalidProtocolBufferException {
        int status = 0;
        for (ByteString st : s.getField(15).getLengthDelimitedList()) {
            status = UnknownFieldSet.parseFrom(st).getField(3).getVarintList().stream().findFirst().orElse(0L)
                    .intValue();
        }
        return new ReceivedSpan(service, hex(s, 1), hex(s, 2), hex(s, 4), text(s, 5),
                s.getField(6).getVarintList().stream().findFirst().orElse(0L).intValue(),
                attributes(s.getField(9).getLengthDelimitedList()), status,
                s.getField(7).getFixed64List().stream().findFirst().orElse(0L),
                s.getField(8).getFixed64List().stream().findFirst().orElse(0L));
    }

    /**
     * KeyValue { string key = 1; AnyValue value = 2; } and AnyValue { oneof: string_value = 1; bool_value = 2;
     * int_value = 3; double_value = 4; … }
     */
    private static Map<String, Object> attributes(List<ByteString> keyValues) throws InvalidProtocolBufferException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ByteString kv : keyValues) {
            UnknownFieldSet pair = UnknownFieldSet.parseFrom(kv);
            String key = text(pair, 1);
            for (ByteString v : pair.getField(2).getLengthDelimitedList()) {
                UnknownFieldSet any = UnknownFieldSet.parseFrom(v);
                Object value = !any.getField(1).getLengthDelimitedList().isEmpty() ? text(any, 1)
                        : !any.getField(2).getVarintList().isEmpty() ? (Object) (any.getField(2).getVarintList()
                                .getFirst() != 0)
                        : !any.getField(3).getVarintList().isEmpty() ? (Object) any.getField(3).getVarintList()
                                .getFirst()
                        : !any.getField(4).getFixed64List().isEmpty() ? (Object) Double.longBitsToDouble(
                                any.getField(4).getFixed64List().getFirst())
                        : "(other)";
                out.put(key, value);
            }
        }
        return out;
    }

    private static String text(UnknownFieldSet m, int field) {
        return m.getField(field).getLengthDelimitedList().stream().findFirst().map(ByteString::toStringUtf8)
                .orElse("");
    }

    private static String hex(UnknownFieldSet m, int field) {
        return m.getField(field).getLengthDelimitedList().stream().findFirst()
                .map(b -> HexFormat.of().formatHex(b.toByteArray())).orElse("");
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
