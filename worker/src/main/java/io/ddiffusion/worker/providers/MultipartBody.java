package io.ddiffusion.worker.providers;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) built by hand, since {@code java.net.http} has none: text fields and
 * files, in the order they are added. OpenAI's image edits and videos and Replicate's files API send it. Small enough
 * to hold in memory (provider uploads are a few images or one input file).
 */
public final class MultipartBody {
    private static final byte[] CRLF = {'\r', '\n'};
    private final String boundary = "----ddiffusion-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a text field. */
    public MultipartBody field(String name, String value) {
        head("form-data; name=\"" + escape(name) + "\"", "text/plain; charset=UTF-8");
        write(value.getBytes(StandardCharsets.UTF_8));
        write(CRLF);
        return this;
    }

    /** Adds a file part. */
    public MultipartBody file(String name, String filename, String contentType, byte[] data) {
        head("form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(filename) + "\"", contentType);
        write(data);
        write(CRLF);
        return this;
    }

    /** The request's {@code Content-Type}, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The complete body, closing delimiter included. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
        all.writeBytes(out.toByteArray());
        all.writeBytes(("--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(CRLF);
        return all.toByteArray();
    }

    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofByteArray(bytes());
    }

    private void head(String disposition, String contentType) {
        write(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + contentType
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] b) {
        out.writeBytes(b);
    }

    /** Quotes and line breaks would end the header value early; percent-encode them as browsers do. */
    private static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
