package io.ddiffusion.worker.models.tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tiny CLIP tokenizer folder laid out like the real one: the 256 byte characters in {@code bytes_to_unicode} order
 * (ids 0–255, so "!" is 0), the same with {@code </w>} (256–511), one token per merge, then the two special tokens
 * (with CLIP's 48,894 merges these are 49406 and 49407). Merge products listed in {@link #UNLISTED} are left out of
 * the vocabulary on purpose.
 */
final class ClipFixture {

    static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o</w>", "e l", "i t</w>", "' s</w>",
            "Ã ©</w>", "w o", "wo r", "wor l", "worl d</w>", "x y");
    static final List<String> UNLISTED = List.of("xy");

    final Map<String, Integer> vocab = new LinkedHashMap<>();
    final List<Character> byteChars;

    ClipFixture() {
        byteChars = bytesToUnicodeValuesInByteOrder();
        List<Character> dictOrder = bytesToUnicodeValuesInDictOrder();
        dictOrder.forEach(c -> vocab.put(String.valueOf(c), vocab.size()));
        dictOrder.forEach(c -> vocab.put(c + "</w>", vocab.size()));
        for (String merge : MERGES) {
            String product = merge.replace(" ", "");
            if (!UNLISTED.contains(product)) {
                vocab.put(product, vocab.size());
            }
        }
        vocab.put("<|startoftext|>", vocab.size());
        vocab.put("<|endoftext|>", vocab.size());
    }

    /** Writes vocab.json and merges.txt (with its #version header) into {@code directory}. */
    Path writeTo(Path directory) throws IOException {
        String json = vocab.entrySet().stream()
                .map(e -> "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        Files.writeString(directory.resolve("vocab.json"), json, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", MERGES) + "\n",
                StandardCharsets.UTF_8);
        return directory;
    }

    long id(String token) {
        return vocab.get(token);
    }

    /** GPT-2's table, built the way its reference builds it: printable ranges first, the rest numbered from 256. */
    private static List<Character> bytesToUnicodeValuesInDictOrder() {
        List<Integer> bs = printableBytes();
        List<Character> cs = new ArrayList<>();
        bs.forEach(b -> cs.add((char) b.intValue()));
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                cs.add((char) (256 + n++));
            }
        }
        return cs;
    }

    private static List<Character> bytesToUnicodeValuesInByteOrder() {
        List<Integer> bs = new ArrayList<>(printableBytes());
        List<Character> dictOrder = bytesToUnicodeValuesInDictOrder();
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
            }
        }
        Character[] byByte = new Character[256];
        for (int i = 0; i < 256; i++) {
            byByte[bs.get(i)] = dictOrder.get(i);
        }
        return List.of(byByte);
    }

    private static List<Integer> printableBytes() {
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bs.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bs.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bs.add(b);
        }
        return bs;
    }
}
