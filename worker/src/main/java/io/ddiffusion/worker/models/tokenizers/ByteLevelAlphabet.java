package io.ddiffusion.worker.models.tokenizers;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-character table ({@code bytes_to_unicode}), which CLIP's BPE also uses: printable Latin-1
 * bytes stand for themselves, the other 68 bytes (controls, space, DEL, NBSP, soft hyphen…) take the characters from
 * U+0100 upwards in byte order, so every symbol of a BPE word is a visible, space-free character.
 */
final class ByteLevelAlphabet {

    private static final char[] CHAR_OF_BYTE = table();

    private ByteLevelAlphabet() {
    }

    /** The character standing for one byte (0–255). */
    static char charOf(int unsignedByte) {
        return CHAR_OF_BYTE[unsignedByte];
    }

    /** The text's UTF-8 bytes, each replaced by its stand-in character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    private static char[] table() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) next++;
        }
        return table;
    }
}
