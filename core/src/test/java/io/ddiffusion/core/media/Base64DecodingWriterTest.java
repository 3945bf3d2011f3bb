package io.ddiffusion.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The writer takes text in pieces of any size; whatever the split, it must accept, decode and refuse exactly what the
 * whole-string rules do, with the same message. {@link Base64DecodingTest} pins the messages themselves.
 */
class Base64DecodingWriterTest {
    private static final int CHUNK = Base64DecodingWriter.CHUNK_CHARS;

    @Test
    void anySplitOfValidOrInvalidTextGivesTheSameResultAsTheWholeString() throws Exception {
        Random random = new Random(2026);
        for (String text : samples(random)) {
            Outcome expected = WholeString.decode(text);
            for (int split = 0; split < 4; split++) {
                assertThat(piecewise(text, random, split)).as("%s, split %d", describe(text), split)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void oneCharacterAtATimeDecodesADataUrl() throws Exception {
        byte[] data = bytes(5000, 1);
        String text = "Data:image/png;BASE64," + Base64.getEncoder().encodeToString(data) + " \n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64DecodingWriter writer = new Base64DecodingWriter(out);

        for (char c : text.toCharArray()) {
            writer.write(c);
        }

        assertThat(writer.finish()).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(writer.chars()).isEqualTo(text.length());
    }

    @Test
    void trailingWhitespaceThatStartsBeforeAChunkBoundaryIsStillTrailing() throws Exception {
        String payload = "QUJD".repeat(CHUNK / 4 - 1) + "QQ";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64DecodingWriter writer = new Base64DecodingWriter(out);

        writer.write(payload + "  ");
        writer.write("\t\r\n");

        assertThat(writer.finish()).isEqualTo((CHUNK / 4 - 1) * 3 + 1);
    }

    @Test
    void whitespaceFollowedByMoreTextIsRefusedWhereTheWhitespaceStarts() {
        String text = "QUJD".repeat(CHUNK / 4) + "\r\n" + "QUJD";

        assertThatThrownBy(() -> finish(text)).isInstanceOf(InvalidBase64Exception.class)
                .hasMessage("is not valid base64 (illegal character U+000D at position " + CHUNK + ")");
    }

    @Test
    void nothingIsWrittenOnceAProblemIsKnown() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64DecodingWriter writer = new Base64DecodingWriter(out);

        writer.write("QUJD%");
        writer.write("QUJD".repeat(CHUNK));

        assertThatThrownBy(writer::finish).hasMessage("is not valid base64 (illegal character '%' at position 4)");
        assertThat(out.size()).isZero();
    }

    @Test
    void theOutputStreamIsLeftOpenAndTheWriterCannotBeFinishedTwice() throws Exception {
        List<String> calls = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                calls.add("write");
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        Base64DecodingWriter writer = new Base64DecodingWriter(out);
        writer.write("QUJD");
        writer.close();
        writer.finish();

        assertThat(calls).doesNotContain("close");
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.write("QUJD")).isInstanceOf(IllegalStateException.class);
    }

    private static long finish(String text) throws IOException, InvalidBase64Exception {
        Base64DecodingWriter writer = new Base64DecodingWriter(OutputStream.nullOutputStream());
        writer.write(text);
        return writer.finish();
    }

    /** Valid texts around the chunk size, and each with damage at the places where chunking could go wrong. */
    private static List<String> samples(Random random) {
        List<String> texts = new ArrayList<>(List.of("", " ", "\n\t", "data:", "data", "dat", "data:,", "data:;base64",
                "data:;base64,", "DATA:;BASE64, ", "data:x;base64", "data:;base64,QUJD", "data:a,b;base64,QUJD",
                "data:;base64\u017f,QUJD", "Q", "QQ", "QQ=", "QQ==", "QQ===", "=", "QUJD=", "\u00e9", "QUJ\u0141"));
        int[] lengths = {1, 2, 3, 47, CHUNK / 4 * 3 - 1, CHUNK / 4 * 3, CHUNK / 4 * 3 + 1,
            CHUNK / 2 * 3 + 2};
        for (int length : lengths) {
            byte[] data = bytes(length, random.nextLong());
            for (String base : List.of(Base64.getEncoder().encodeToString(data),
                    Base64.getEncoder().withoutPadding().encodeToString(data))) {
                texts.add(base);
                texts.add(base + " \r\n");
                texts.add("data:application/octet-stream;base64," + base);
                texts.add(base.substring(0, base.length() - 1));
                for (int at : damageSpots(base.length(), random)) {
                    for (String damage : List.of("%", " ", "\n", "=", "==", "===", "\u00e9", "\u0141", "-", "\u0000")) {
                        texts.add(base.substring(0, at) + damage + base.substring(at));
                        texts.add(base.substring(0, at) + damage);
                    }
                }
            }
        }
        return texts;
    }

    private static List<Integer> damageSpots(int length, Random random) {
        List<Integer> spots = new ArrayList<>(List.of(0, length / 2, length - 1, length));
        for (int boundary = CHUNK; boundary < length; boundary += CHUNK) {
            spots.addAll(List.of(boundary - 2, boundary - 1, boundary, boundary + 1));
        }
        spots.add(random.nextInt(length + 1));
        spots.removeIf(s -> s < 0 || s > length);
        return spots;
    }

    /** split 0: whole; 1: pieces of up to 10 characters; 2: up to 70,000; 3: one character, then the rest. */
    private static Outcome piecewise(String text, Random random, int split) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64DecodingWriter writer = new Base64DecodingWriter(out);
        char[] chars = text.toCharArray();
        int i = 0;
        while (i < chars.length) {
            int n = switch (split) {
                case 0 -> chars.length;
                case 1 -> 1 + random.nextInt(10);
                case 2 -> 1 + random.nextInt(70_000);
                default -> i == 0 ? 1 : chars.length - i;
            };
            n = Math.min(n, chars.length - i);
            writer.write(chars, i, n);
            i += n;
        }
        try {
            writer.finish();
            return new Outcome(out.toByteArray(), null);
        } catch (InvalidBase64Exception e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String describe(String text) {
        return text.length() <= 40 ? "'" + text + "'" : text.length() + " characters ending '" + text.substring(
                text.length() - 8) + "'";
    }

    private record Outcome(byte[] bytes, String problem) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && java.util.Arrays.equals(bytes, other.bytes)
                    && java.util.Objects.equals(problem, other.problem);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes) * 31 + java.util.Objects.hashCode(problem);
        }

        @Override
        public String toString() {
            return problem != null ? "refused: " + problem : "decoded " + bytes.length + " bytes";
        }
    }

    /**
     * The rules stated over the whole string, as simply as possible: prefix, trailing whitespace, then the first
     * character-level problem; with none, the JDK decoder has the last word on the ending.
     */
    private static final class WholeString {
        static Outcome decode(String s) {
            int start = 0;
            if (s.regionMatches(true, 0, "data:", 0, 5)) {
                int comma = s.indexOf(',');
                if (comma < 0) {
                    return refused("is a data URL without a ',' before its data");
                }
                if (!s.regionMatches(true, comma - 7, ";base64", 0, 7)) {
                    return refused("is a data URL that is not base64-encoded (missing ';base64')");
                }
                start = comma + 1;
            }
            int end = s.length();
            while (end > start && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end == start) {
                return refused("is empty");
            }
            int padding = 0;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                boolean alphabet = c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/');
                if (c == '=') {
                    if (++padding > 2) {
                        return invalid("unexpected '=' at position " + i);
                    }
                } else if (!alphabet) {
                    String name = c > ' ' && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
                    return invalid("illegal character " + name + " at position " + i);
                } else if (padding > 0) {
                    return invalid("unexpected '=' at position " + (i - padding));
                }
            }
            try {
                return new Outcome(Base64.getDecoder().decode(s.substring(start, end)), null);
            } catch (IllegalArgumentException e) {
                return invalid((end - start - padding) % 4 == 1 ? "truncated: the last group has a single character"
                        : "incorrect padding at the end");
            }
        }

        private static Outcome refused(String problem) {
            return new Outcome(null, problem);
        }

        private static Outcome invalid(String why) {
            return refused("is not valid base64 (" + why + ")");
        }
    }
}
