package io.ddiffusion.worker.models.tokenizers;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * BERT's basic tokenisation before WordPiece: control characters dropped, whitespace normalised, CJK ideographs set
 * apart, then per whitespace-separated word optional lower-casing with accent stripping, and a split around every
 * punctuation character (Unicode P* categories and all ASCII non-alphanumeric symbols).
 */
final class BertBasicTokenizer {

    // Like Python's str.split(): any Unicode whitespace, line and paragraph separators included.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final boolean lowercase;

    BertBasicTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    List<String> split(String text) {
        String spaced = Normalizer.normalize(spaceCjkAndClean(text), Normalizer.Form.NFC);
        List<String> words = new ArrayList<>();
        for (String word : whitespaceSplit(spaced)) {
            if (lowercase) {
                word = stripAccents(word.toLowerCase(Locale.ROOT));
            }
            splitOnPunctuation(word, words);
        }
        return words;
    }

    private static String spaceCjkAndClean(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                out.append(' ');
            } else if (isCjk(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static List<String> whitespaceSplit(String text) {
        return WHITESPACE.splitAsStream(text).filter(word -> !word.isEmpty()).toList();
    }

    private static String stripAccents(String word) {
        StringBuilder out = new StringBuilder(word.length());
        Normalizer.normalize(word, Normalizer.Form.NFD).codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static void splitOnPunctuation(String word, List<String> into) {
        StringBuilder current = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (!current.isEmpty()) {
                    into.add(current.toString());
                    current.setLength(0);
                }
                into.add(Character.toString(cp));
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (!current.isEmpty()) {
            into.add(current.toString());
        }
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** BERT counts every "C*" category as control, except the tab and line breaks, which are whitespace. */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideograph blocks BERT isolates (not Hangul, Hiragana or Katakana). */
    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
