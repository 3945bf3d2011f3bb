package io.ddiffusion.app.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/** Small media payloads built by hand: real headers, no decoder needed. */
final class Media {
    /** A valid 1x1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    /** A 2x3 PNG header, different from {@link #PNG} so echoed bytes can be told apart. */
    static final byte[] PNG_2X3 = png(2, 3);
    /** The start of an MP4: an {@code ftyp} box, then an empty {@code mdat}. */
    static final byte[] MP4 = mp4();

    private Media() {
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * A PNG of signature, IHDR (8-bit RGB) with a correct CRC, and IEND: enough for any header reader, and it may
     * declare any size without holding pixels.
     */
    static byte[] png(long width, long height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt((int) width).putInt((int) height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] mp4() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer ftyp = ByteBuffer.allocate(24);
        ftyp.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0x200).put("isom".getBytes(StandardCharsets.US_ASCII))
                .put("mp41".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ftyp.array());
        out.writeBytes(ByteBuffer.allocate(8).putInt(8).put("mdat".getBytes(StandardCharsets.US_ASCII)).array());
        return out.toByteArray();
    }
}
