package io.ddiffusion.api.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A JSON request body on its way to the parser, with the long strings at its base64 fields decoded on the way
 * through: such a string goes through a {@link Base64Spool} into a temporary file as its bytes arrive, and the parser
 * reads a short token in its place, whose outcome {@link SpooledInputs} keeps.
 *
 * <p>Why: Jackson finishes a string value in memory, two bytes per character, before it hands out any of it (also to
 * {@code getText(Writer)}), so a 7 MB base64 field held 14 MB of heap, and one at the documented limit 200 MB. Here
 * a field holds {@link #PASS_BYTES} at most. Strings up to that size (upload references, URLs, small inputs) reach the
 * parser as they are and are read by {@link Base64InputDeserializer} as before, which is also what happens to any
 * field this stream does not know about.
 *
 * <p>The stream follows the JSON structure only as far as it needs to know where a string value sits: the path of
 * object keys from the root, {@code []} for an array's elements (e.g. {@code references[].image}). It checks nothing
 * else; malformed JSON reaches the parser, which refuses it. A malformed string at a decoded field (a bad escape, a
 * control character, the end of the body) is handed to the parser from that point on, so it refuses it with its own
 * message.
 */
final class Base64FieldStream extends InputStream {
    static final String TOKEN_PREFIX = "spooled-base64-input:";
    static final int TOKEN_LENGTH = TOKEN_PREFIX.length() + 32;
    /** Strings longer than this many bytes at a base64 field are decoded here; shorter ones reach the parser. */
    static final int PASS_BYTES = 16 * 1024;
    private static final int MAX_KEY_BYTES = 64;
    private static final int MAX_DEPTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(Base64FieldStream.class);

    /** Where decoded fields go: a request's {@link SpooledInputs}. */
    interface Spools {
        Base64Spool open() throws IOException;

        void divert(String token, Base64Spool.Outcome outcome);

        /** {@code bytes} of the body were left out at offset {@code at} of what the parser reads. */
        void removed(long at, long bytes);
    }

    private enum Mode { STRUCTURE, KEY, STRING, HELD, DECODED }

    /** An object or array being read; {@code path} is where it sits, {@code key} its current key (objects). */
    private static final class Frame {
        final boolean object;
        final String path;
        boolean expectKey;
        String key;

        Frame(boolean object, String path) {
            this.object = object;
            this.path = path;
            this.expectKey = object;
        }
    }

    private final InputStream source;
    private final Set<String> paths;
    private final Spools spools;
    private final byte[] in = new byte[8192];
    private int inPos;
    private int inEnd;
    private boolean sourceDone;
    /** Grows when a held string is passed on; most bodies have none. */
    private byte[] out = new byte[in.length + TOKEN_LENGTH + 16];
    private int outPos;
    private int outEnd;
    /** Bytes handed on before the current {@link #out}. */
    private long handedOn;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    /** Containers open below {@link #MAX_DEPTH}, where no base64 field is: only counted. */
    private int untracked;
    private Mode mode = Mode.STRUCTURE;
    private boolean escaped;
    private final byte[] key = new byte[MAX_KEY_BYTES];
    private int keyLength;
    private boolean plainKey;
    /** Allocated at the first base64 field (why: most submits have none, and this is a hot path). */
    private byte[] held;
    private int heldLength;
    private String heldPath;
    private Base64Spool spool;
    private JsonStringDecoder decoder;
    /** Bytes of the decoded string read so far. */
    private long fieldBytes;

    /** @param paths the base64 fields of the body's type, as {@code Base64InputFields#pathsOf} names them */
    Base64FieldStream(InputStream source, Set<String> paths, Spools spools) {
        this.source = source;
        this.paths = paths;
        this.spools = spools;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outEnd) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, outEnd - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** Reads and processes the next piece of the source; false at its end with nothing more to give. */
    private boolean fill() throws IOException {
        handedOn += outEnd;
        outPos = 0;
        outEnd = 0;
        if (sourceDone) {
            return false;
        }
        int n;
        try {
            n = source.read(in, 0, in.length);
        } catch (IOException | RuntimeException e) {
            // why: the body broke off (the client went away, the body limit): nobody will finish this field
            if (spool != null) {
                takeSpool().abandon();
            }
            throw e;
        }
        if (n < 0) {
            sourceDone = true;
            endOfSource();
            return outEnd > 0;
        }
        inPos = 0;
        inEnd = n;
        while (inPos < inEnd) {
            if (mode == Mode.DECODED) {
                decodeRun();
            } else {
                step(in[inPos++]);
            }
        }
        return true;
    }

    private void step(byte c) throws IOException {
        switch (mode) {
            case STRUCTURE -> structure(c);
            case KEY -> key(c);
            case STRING -> string(c);
            case HELD -> hold(c);
            case DECODED -> throw new IllegalStateException("decoded strings are read in runs");
        }
    }

    private void structure(byte c) {
        Frame top = frames.peek();
        switch (c) {
            case '"' -> {
                escaped = false;
                if (untracked == 0 && top != null && top.object && top.expectKey) {
                    mode = Mode.KEY;
                    keyLength = 0;
                    plainKey = true;
                    emit(c);
                    return;
                }
                heldPath = base64Path(top);
                if (heldPath != null) {
                    mode = Mode.HELD;
                    heldLength = 0;
                    if (held == null) {
                        held = new byte[PASS_BYTES];
                    }
                } else {
                    mode = Mode.STRING;
                    emit(c);
                }
                return;
            }
            case '{', '[' -> {
                if (frames.size() < MAX_DEPTH && untracked == 0) {
                    frames.push(new Frame(c == '{', valuePath(top)));
                } else {
                    untracked++;
                }
            }
            case '}', ']' -> {
                if (untracked > 0) {
                    untracked--;
                } else {
                    frames.poll();
                }
            }
            case ':' -> {
                if (untracked == 0 && top != null && top.object) {
                    top.expectKey = false;
                }
            }
            case ',' -> {
                if (untracked == 0 && top != null && top.object) {
                    top.expectKey = true;
                    top.key = null;
                }
            }
            default -> {
            }
        }
        emit(c);
    }

    /** The path of the value starting here when it is a base64 field; null otherwise. */
    private String base64Path(Frame top) {
        String path = untracked > 0 ? null : valuePath(top);
        return path != null && paths.contains(path) ? path : null;
    }

    /** The path of a value starting here; "" for the root, null where no base64 field can be. */
    private static String valuePath(Frame top) {
        if (top == null) {
            return "";
        }
        if (top.path == null || (top.object && top.key == null)) {
            return null;
        }
        if (!top.object) {
            return top.path + "[]";
        }
        return top.path.isEmpty() ? top.key : top.path + "." + top.key;
    }

    private void key(byte c) {
        emit(c);
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            // why: an escaped key is no base64 field's name as far as this stream knows; its field is then read by
            // the deserializer as any other (correct, only not streamed)
            escaped = true;
            plainKey = false;
        } else if (c == '"') {
            mode = Mode.STRUCTURE;
            Frame top = frames.peek();
            top.key = plainKey ? new String(key, 0, keyLength, StandardCharsets.UTF_8) : null;
        } else if (keyLength < key.length) {
            key[keyLength++] = c;
        } else {
            plainKey = false;
        }
    }

    private void string(byte c) {
        emit(c);
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '"') {
            mode = Mode.STRUCTURE;
        }
    }

    /** A string at a base64 field, held until it ends (then passed on as it is) or outgrows {@link #PASS_BYTES}. */
    private void hold(byte c) throws IOException {
        if (!escaped && c == '"') {
            emit((byte) '"');
            emit(held, 0, heldLength);
            emit((byte) '"');
            mode = Mode.STRUCTURE;
            return;
        }
        escaped = !escaped && c == '\\';
        if (heldLength < held.length) {
            held[heldLength++] = c;
            return;
        }
        spool = spools.open();
        decoder = new JsonStringDecoder(spool);
        mode = Mode.DECODED;
        fieldBytes = 0;
        inPos--; // why: this byte is the first one past what was held; it is decoded after them
        int used = decode(held, 0, heldLength);
        for (int i = used; i < heldLength; i++) {
            step(held[i]); // the string was malformed in what was held: the parser gets the rest as it came
        }
    }

    private void decodeRun() throws IOException {
        inPos += decode(in, inPos, inEnd - inPos);
    }

    /** Feeds the decoder up to the end of the string or of {@code bytes}; returns how many it used. */
    private int decode(byte[] bytes, int offset, int count) throws IOException {
        int used = decoder.feed(bytes, offset, count);
        fieldBytes += used;
        switch (decoder.state()) {
            case OPEN -> {
            }
            case CLOSED -> {
                Base64Spool.Outcome outcome = takeSpool().finish();
                if (outcome instanceof Base64Spool.Decoded d) {
                    LOG.debugf("[input] %s: %d characters decoded as they arrived", heldPath, d.chars());
                }
                String token = newToken();
                spools.divert(token, outcome);
                emit((byte) '"');
                spools.removed(handedOn + outEnd, fieldBytes - 1 - TOKEN_LENGTH); // the closing quote stays
                emit(token.getBytes(StandardCharsets.US_ASCII), 0, TOKEN_LENGTH);
                emit((byte) '"');
                mode = Mode.STRUCTURE;
            }
            case MALFORMED -> {
                byte[] bad = decoder.malformed();
                takeSpool().abandon();
                emit((byte) '"');
                spools.removed(handedOn + outEnd, fieldBytes - bad.length);
                emit(bad, 0, bad.length);
                mode = Mode.STRING;
                escaped = false; // why: the sequence handed on ends with its offending byte, never in an escape
            }
        }
        return used;
    }

    private void endOfSource() {
        if (mode == Mode.HELD) {
            emit((byte) '"');
            emit(held, 0, heldLength);
        } else if (mode == Mode.DECODED) {
            takeSpool().abandon();
            emit((byte) '"');
            spools.removed(handedOn + outEnd, fieldBytes);
        }
        mode = Mode.STRING;
    }

    private Base64Spool takeSpool() {
        Base64Spool s = spool;
        spool = null;
        decoder = null;
        return s;
    }

    private static String newToken() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return TOKEN_PREFIX + HexFormat.of().formatHex(nonce);
    }

    private void emit(byte c) {
        ensure(1);
        out[outEnd++] = c;
    }

    private void emit(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, out, outEnd, length);
        outEnd += length;
    }

    private void ensure(int more) {
        if (outEnd + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outEnd + more));
        }
    }

    @Override
    public void close() throws IOException {
        if (spool != null) {
            takeSpool().abandon();
        }
        source.close();
    }
}
