package io.ddiffusion.core.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real and hand-built media headers for the tests. */
final class MediaSamples {

    private MediaSamples() {}

    /** A real file written by ImageIO ("png", "jpeg", "tiff") of a small RGB image. */
    static byte[] imageIo(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and IHDR chunk (with a correct CRC) declaring any size; no image data follows. */
    static byte[] pngHeader(long width, long height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put(ascii("IHDR")).putInt((int) width).putInt((int) height).put(new byte[] {8, 6, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return concat(
                bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
                be32(13),
                ihdr.array(),
                be32((int) crc.getValue()));
    }

    /** RIFF/WEBP with a lossy "VP8 " key frame header; the top two bits of each size are scaling bits. */
    static byte[] webpVp8(int width, int height) {
        byte[] frame = concat(
                bytes(0x50, 0x02, 0x00), // frame tag: key frame (bit 0 clear), version 0, shown
                bytes(0x9D, 0x01, 0x2A),
                le16(width | 0x4000), // horizontal scale bits set: must be masked off
                le16(height | 0x8000),
                new byte[8]);
        return riffWebp("VP8 ", frame);
    }

    /** RIFF/WEBP with a lossless "VP8L" header: signature 0x2F, then 14-bit width-1 and height-1. */
    static byte[] webpVp8l(int width, int height) {
        int bits = (width - 1) | ((height - 1) << 14) | (1 << 28); // alpha_is_used, version 0
        return riffWebp("VP8L", concat(bytes(0x2F), le32(bits), new byte[4]));
    }

    /** RIFF/WEBP with an extended "VP8X" header: flags, reserved, 24-bit canvas width-1 and height-1. */
    static byte[] webpVp8x(int width, int height) {
        return riffWebp("VP8X", concat(bytes(0x10, 0, 0, 0), le24(width - 1), le24(height - 1)));
    }

    static byte[] riffWebp(String fourcc, byte[] chunk) {
        return concat(ascii("RIFF"), le32(4 + 8 + chunk.length), ascii("WEBP"), ascii(fourcc), le32(chunk.length), chunk);
    }

    /** A little-endian TIFF whose first IFD has other tags around ImageWidth (SHORT) and ImageLength (LONG). */
    static byte[] tiffLittleEndian(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("II")).putShort((short) 42).putInt(8);
        b.putShort((short) 4);
        b.putShort((short) 254).putShort((short) 4).putInt(1).putInt(0); // NewSubfileType
        b.putShort((short) 256).putShort((short) 3).putInt(1).putShort((short) width).putShort((short) 0);
        b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(height);
        b.putShort((short) 258).putShort((short) 3).putInt(1).putShort((short) 8).putShort((short) 0);
        b.putInt(0); // no next IFD
        return b.array();
    }

    /** An OpenEXR header with a few attributes around a box2i dataWindow, ending with the empty-name terminator. */
    static byte[] exr(int xMin, int yMin, int xMax, int yMax) {
        return concat(
                bytes(0x76, 0x2F, 0x31, 0x01),
                le32(2), // version 2, scan lines, single part
                exrAttribute("channels", "chlist", concat(ascii("R\0"), le32(1), new byte[4], le32(1), le32(1), bytes(0))),
                exrAttribute("compression", "compression", bytes(3)),
                exrAttribute("dataWindow", "box2i", concat(le32(xMin), le32(yMin), le32(xMax), le32(yMax))),
                exrAttribute("displayWindow", "box2i", concat(le32(0), le32(0), le32(9), le32(9))),
                bytes(0));
    }

    static byte[] exrAttribute(String name, String type, byte[] value) {
        return concat(ascii(name + "\0" + type + "\0"), le32(value.length), value);
    }

    /** An ISO-BMFF "ftyp" box with the given major brand, then the start of an "mdat" box. */
    static byte[] ftyp(String majorBrand) {
        return concat(be32(24), ascii("ftyp"), ascii(majorBrand), be32(0x200), ascii("isom"), ascii("mp41"),
                be32(16), ascii("mdat"), new byte[8]);
    }

    /** A classic QuickTime file whose first atom is {@code type}, without any "ftyp". */
    static byte[] quickTimeAtom(String type) {
        return concat(be32(16), ascii(type), new byte[8], be32(8), ascii("mdat"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] be16(int v) {
        return bytes(v >>> 8, v);
    }

    static byte[] le16(int v) {
        return bytes(v, v >>> 8);
    }

    static byte[] le24(int v) {
        return bytes(v, v >>> 8, v >>> 16);
    }

    static byte[] le32(int v) {
        return bytes(v, v >>> 8, v >>> 16, v >>> 24);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
