package io.ddiffusion.worker.providers;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A small multipart/form-data parser for the provider emulators, strict about the framing a client must produce
 * (RFC 7578): it checks what {@link MultipartBody} sends to OpenAI and to Replicate's files API.
 */
public final class MultipartParser {
    /** One part: its name, filename and Content-Type (null when absent), and bytes. */
    public record Part(String name, String filename, String contentType, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        public BufferedImage image() throws IOException {
            return ImageIO.read(new ByteArrayInputStream(data));
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private MultipartParser() {
    }

    public static List<Part> parse(String contentType, byte[] body) {
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find()) {
            throw new IllegalArgumentException("no boundary in Content-Type");
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos != 0) {
            throw new IllegalArgumentException("body does not start with the boundary");
        }
        while (true) {
            pos += delimiter.length;
            if (startsWith(body, pos, "--")) {
                return parts; // closing delimiter
            }
            if (!startsWith(body, pos, "\r\n")) {
                throw new IllegalArgumentException("boundary not followed by CRLF");
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos + 2);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("part without header end");
            }
            String headers = new String(body, pos + 2, headersEnd - pos - 2, StandardCharsets.UTF_8);
            int next = indexOf(body, ("\r\n--" + b.group(1)).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            if (next < 0) {
                throw new IllegalArgumentException("part without closing boundary");
            }
            String disposition = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String v = line.substring(colon + 1).trim();
                if (h.equals("content-disposition")) {
                    disposition = v;
                } else if (h.equals("content-type")) {
                    type = v;
                }
            }
            if (disposition == null || !disposition.startsWith("form-data")) {
                throw new IllegalArgumentException("part without form-data disposition");
            }
            Matcher name = NAME.matcher(disposition);
            if (!name.find()) {
                throw new IllegalArgumentException("part without a name");
            }
            Matcher filename = FILENAME.matcher(disposition);
            parts.add(new Part(name.group(1), filename.find() ? filename.group(1) : null, type,
                    Arrays.copyOfRange(body, headersEnd + 4, next)));
            pos = next + 2;
        }
    }

    private static boolean startsWith(byte[] body, int pos, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return pos + b.length <= body.length
                && Arrays.equals(body, pos, pos + b.length, b, 0, b.length);
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = from; i <= body.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (body[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
