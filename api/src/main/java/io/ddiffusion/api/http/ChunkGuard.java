package io.ddiffusion.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;

/**
 * Answers a malformed chunked request body (a chunk size such as {@code zz}) with 400 and our error body, then closes
 * the connection. Without it the client gets no answer at all: Netty's decoder marks the chunk as failed and Vert.x
 * closes the connection before any handler can answer (Http1xServerConnection fails the connection on a failed
 * content; neither Vert.x nor Quarkus has a setting or handler for it). This handler sits just before Vert.x's in the
 * connection's pipeline and sees the failed chunk first; it answers only while no response to that request has
 * begun (to {@code /mcp} as a JSON-RPC error), and otherwise closes once what was written has gone out. The one use of
 * Vert.x internals here ({@link ConnectionBase#channel()}): there is no public way to the connection's pipeline.
 *
 * <p>It also gives our error body to the transport's 413 for a chunked body over {@code DDIFFUSION_MAX_BODY_MB}: the
 * transport counts such a body while it streams and ends the response itself, empty (a body with a declared length is
 * refused earlier with our body, see {@link BodyLimitRoute}). A 413 without a content type is that answer; it goes
 * out with {@code {"detail": …}} naming the limit (to {@code /mcp}, as a JSON-RPC error).
 */
final class ChunkGuard extends ChannelDuplexHandler {
    static final String NAME = "ddiffusion-chunk-guard";
    /** Vert.x's connection handler in an HTTP/1.x server pipeline (HttpServerWorker). */
    private static final String VERTX_HANDLER = "handler";
    static final String PROBLEM = "the chunked request body is malformed (Transfer-Encoding: chunked)";

    /** Requests seen (counting the one in progress when installed), responses begun, responses finished. */
    private long requests = 1;
    private long begun;
    private long finished;
    /** Whether the request being read is a JSON-RPC one (to {@code /mcp}), which is answered in JSON-RPC's shape. */
    private boolean mcp;
    private final long maxBodyBytes;
    /** The body of a bare 413 whose head went out alone, for the empty last content that ends it. */
    private ByteBuf pendingBody;

    private ChunkGuard(String path, long maxBodyBytes) {
        mcp = isMcp(path);
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Puts a guard on the connection of {@code request} (HTTP/1.x, a chunked body) unless it has one.
     *
     * @param maxBodyBytes {@code DDIFFUSION_MAX_BODY_MB} in bytes, named in the 413's body
     */
    static void install(HttpServerRequest request, long maxBodyBytes) {
        if (!(request.connection() instanceof ConnectionBase connection)) {
            return;
        }
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, NAME, new ChunkGuard(request.path(), maxBodyBytes));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            requests++;
            mcp = isMcp(request.uri());
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(ctx);
            return;
        }
        super.channelRead(ctx, msg);
    }

    private void refuse(ChannelHandlerContext ctx) {
        JunkLog.refused("malformed-chunked-body", "Refused a request with a malformed chunked body from "
                + ctx.channel().remoteAddress());
        // why: only the request being read may be answered, and only if nothing of its answer has gone out yet
        if (begun == requests - 1 && finished == begun && ctx.channel().isActive()) {
            ByteBuf body = errorBody("Bad request: " + PROBLEM, "Invalid Request: " + PROBLEM);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, "close");
            begun++;
            finished++;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            // why: what was written before (an answer already given) goes out first; Vert.x flushes only later
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Our error body for the request being read: {@code {"detail": …}}, or a JSON-RPC error to {@code /mcp}. */
    private ByteBuf errorBody(String detail, String rpcMessage) {
        String json = mcp ? new JsonObject().put("jsonrpc", "2.0").putNull("id").put("error", new JsonObject()
                .put("code", -32600).put("message", rpcMessage)).encode()
                : new JsonObject().put("detail", detail).encode();
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }

    private static boolean isMcp(String path) {
        return path != null && (path.equals("/mcp") || path.startsWith("/mcp/") || path.startsWith("/mcp?"));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        msg = withTooLargeBody(msg);
        boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof HttpResponse && !informational) {
            begun++;
        }
        if (msg instanceof LastHttpContent && !informational) {
            finished++;
        }
        super.write(ctx, msg, promise);
    }

    /** The transport's bare 413 with our body; any other message as it is. */
    private Object withTooLargeBody(Object msg) {
        if (pendingBody != null && msg instanceof LastHttpContent last && !last.content().isReadable()) {
            ByteBuf body = pendingBody;
            pendingBody = null;
            ReferenceCountUtil.release(last);
            return new DefaultLastHttpContent(body);
        }
        if (!(msg instanceof HttpResponse response) || response.status().code() != 413
                || response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                || (msg instanceof HttpContent content && content.content().isReadable())) {
            return msg;
        }
        String limit = "Request body exceeds the limit of " + maxBodyBytes + " bytes (DDIFFUSION_MAX_BODY_MB)";
        ByteBuf body = errorBody(limit, "Invalid Request: " + limit);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (msg instanceof FullHttpResponse full) {
            FullHttpResponse replaced = new DefaultFullHttpResponse(full.protocolVersion(), full.status(), body,
                    full.headers(), full.trailingHeaders());
            ReferenceCountUtil.release(full);
            return replaced;
        }
        pendingBody = body;
        return msg;
    }
}
