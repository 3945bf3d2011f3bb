package io.ddiffusion.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Recognises media formats by their magic bytes and reads image dimensions from headers only, never decoding pixels. */
public final class MediaProbe {

    /** The most of a file {@link #readHead} reads: enough for any header we parse, even behind large metadata. */
    public static final int MAX_HEAD = 1 << 20;
    /**
     * What {@link #readHead} reads first. why: nearly every header is in it, and reading {@link #MAX_HEAD} at once
     * allocated a mebibyte per input (a fifth of the API's allocation for 5 MiB images, bench/README.md)
     */
    static final int FIRST_HEAD = 64 << 10;

    static final String UNSUPPORTED = "is not a supported image or video (PNG, JPEG, WebP, TIFF, EXR, MP4, MOV)";

    private static final Set<String> QUICKTIME_FIRST_ATOMS = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    private MediaProbe() {}

    /**
     * The format whose signature {@code head} (the first bytes of a file; 64 are plenty) starts with, or empty.
     * Any ISO-BMFF {@code ftyp} other than major brand {@code "qt  "} counts as MP4.
     */
    public static Optional<MediaFormat> detect(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (Bytes.startsWith(head, PngHeader.SIGNATURE)) {
            return Optional.of(MediaFormat.PNG);
        }
        if (Bytes.startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(MediaFormat.JPEG);
        }
        if (WebpHeader.matches(head)) {
            return Optional.of(MediaFormat.WEBP);
        }
        if (TiffHeader.matches(head)) {
            return Optional.of(MediaFormat.TIFF);
        }
        if (Bytes.startsWith(head, ExrHeader.MAGIC)) {
            return Optional.of(MediaFormat.EXR);
        }
        return isoMedia(head);
    }

    /**
     * The dimensions the header of an image in {@code format} declares, or empty when {@code head} is not such an
     * image, is truncated before the size, is malformed, or {@code format} is a video. Never throws on bad input.
     */
    public static Optional<ImageDimensions> dimensions(MediaFormat format, byte[] head) {
        if (format == null || head == null) {
            return Optional.empty();
        }
        return switch (format) {
            case PNG -> PngHeader.read(head);
            case JPEG -> JpegHeader.read(head);
            case WEBP -> WebpHeader.read(head);
            case TIFF -> TiffHeader.read(head);
            case EXR -> ExrHeader.read(head);
            case MP4, MOV -> Optional.empty();
        };
    }

    /**
     * Reads the head of {@code file} ({@link #readHead}: at most {@link #MAX_HEAD} bytes) and reports its format,
     * size and, for images, dimensions.
     *
     * @throws UnsupportedMediaException if the file is empty or not in a supported format
     */
    public static ProbedMedia probe(Path file) throws IOException, UnsupportedMediaException {
        Objects.requireNonNull(file, "file");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = readHead(in);
        }
        if (head.length == 0) {
            throw new UnsupportedMediaException("is empty");
        }
        MediaFormat format = detect(head).orElseThrow(() -> new UnsupportedMediaException(UNSUPPORTED));
        return new ProbedMedia(format, Files.size(file), dimensions(format, head));
    }

    /**
     * The first bytes of {@code in} that {@link #detect} and {@link #dimensions} need: {@link #FIRST_HEAD} of them,
     * or up to {@link #MAX_HEAD} when they begin an image whose declared size is not within the first (metadata
     * before it, or a truncated or malformed header, which more bytes do not change). Reading on from where this
     * stops gives the rest of the stream.
     */
    public static byte[] readHead(InputStream in) throws IOException {
        byte[] first = in.readNBytes(FIRST_HEAD);
        if (first.length < FIRST_HEAD) {
            return first;
        }
        Optional<MediaFormat> format = detect(first);
        if (format.isEmpty() || format.get().isVideo() || dimensions(format.get(), first).isPresent()) {
            return first;
        }
        byte[] more = in.readNBytes(MAX_HEAD - FIRST_HEAD);
        byte[] head = Arrays.copyOf(first, FIRST_HEAD + more.length);
        System.arraycopy(more, 0, head, FIRST_HEAD, more.length);
        return head;
    }

    /** ISO base media (MP4) by its {@code ftyp} box, or a classic QuickTime file by a well-known first atom. */
    private static Optional<MediaFormat> isoMedia(byte[] head) {
        if (head.length >= 12 && Bytes.ascii(head, 4, "ftyp")) {
            return Optional.of(Bytes.ascii(head, 8, "qt  ") ? MediaFormat.MOV : MediaFormat.MP4);
        }
        if (head.length >= 8 && plausibleAtomSize(Bytes.u32be(head, 0))
                && QUICKTIME_FIRST_ATOMS.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1))) {
            return Optional.of(MediaFormat.MOV);
        }
        return Optional.empty();
    }

    /** 0 means "to the end of the file", 1 means a 64-bit size follows; otherwise it covers at least its own header. */
    private static boolean plausibleAtomSize(long size) {
        return size == 0 || size == 1 || size >= 8;
    }
}
