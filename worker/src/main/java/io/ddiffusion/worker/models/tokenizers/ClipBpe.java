package io.ddiffusion.worker.models.tokenizers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-pair encoding of one pre-token: its byte-level characters, the last one marked with {@code </w>}, merged
 * pair by pair, always the adjacent pair with the lowest rank (line order in {@code merges.txt}) first, every
 * occurrence of that pair at once, until no adjacent pair has a rank. Thread-safe; results are cached per word.
 */
final class ClipBpe {

    static final String END_OF_WORD = "</w>";
    /** CLIP's reference tokenizer reads at most this many merges: 49,152 − 256 − 2 (its vocabulary is 49,408). */
    static final int MAX_MERGES = 49_152 - 256 - 2;
    /** A guard for long-running workers: the cache is emptied when it grows past this many words. */
    private static final int CACHE_LIMIT = 100_000;

    private final Map<String, Integer> ranks;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> fixed;

    private ClipBpe(Map<String, Integer> ranks, Map<String, List<String>> fixed) {
        this.ranks = ranks;
        this.fixed = fixed;
    }

    /**
     * Reads {@code merges.txt}: an optional {@code #version} header, then one "left right" pair per line. Words in
     * {@code unsplittable} (the special tokens) are never split and get no {@code </w>}, as in the reference.
     */
    static ClipBpe read(Path mergesFile, List<String> unsplittable) {
        List<String> lines = TokenizerFiles.lines(mergesFile);
        Map<String, Integer> ranks = new HashMap<>(lines.size() * 2);
        for (int lineNumber = 0; lineNumber < lines.size() && ranks.size() < MAX_MERGES; lineNumber++) {
            String line = lines.get(lineNumber).strip();
            if (line.isEmpty() || (lineNumber == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] pair = line.split(" ");
            if (pair.length != 2) {
                throw new TokenizerException(mergesFile + " line " + (lineNumber + 1) + " is not a pair of symbols: " + line);
            }
            ranks.putIfAbsent(key(pair[0], pair[1]), ranks.size());
        }
        Map<String, List<String>> fixed = new HashMap<>();
        unsplittable.forEach(token -> fixed.put(token, List.of(token)));
        return new ClipBpe(ranks, fixed);
    }

    /** The BPE symbols of one pre-token already mapped to byte-level characters. */
    List<String> encode(String word) {
        List<String> special = fixed.get(word);
        if (special != null) {
            return special;
        }
        List<String> cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = List.copyOf(merge(word));
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, symbols);
        return symbols;
    }

    private List<String> merge(String word) {
        if (word.isEmpty()) {
            return List.of();
        }
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length(); i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        symbols.set(symbols.size() - 1, symbols.getLast() + END_OF_WORD);
        while (symbols.size() > 1) {
            int best = Integer.MAX_VALUE;
            int bestAt = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(key(symbols.get(i), symbols.get(i + 1)));
                if (rank != null && rank < best) {
                    best = rank;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            symbols = mergeAll(symbols, symbols.get(bestAt), symbols.get(bestAt + 1));
        }
        return symbols;
    }

    private static List<String> mergeAll(List<String> symbols, String left, String right) {
        List<String> merged = new ArrayList<>(symbols.size());
        int i = 0;
        while (i < symbols.size()) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                merged.add(left + right);
                i += 2;
            } else {
                merged.add(symbols.get(i));
                i++;
            }
        }
        return merged;
    }

    private static String key(String left, String right) {
        return left + ' ' + right;
    }
}
