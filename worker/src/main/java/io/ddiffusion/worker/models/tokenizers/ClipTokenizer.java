package io.ddiffusion.worker.models.tokenizers;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLIP tokenizer as Stable Diffusion XL's two text encoders use it, read from a Hugging Face tokenizer folder
 * ({@code vocab.json} + {@code merges.txt}, optionally {@code special_tokens_map.json} / {@code tokenizer_config.json}).
 *
 * <p>Text is NFC-normalised, runs of whitespace collapse to one space, the ends are trimmed and everything is
 * lower-cased; ftfy's mojibake repairs are not applied (prompts are typed text, not mis-decoded bytes). The text is
 * then split with CLIP's pre-tokenisation pattern (special tokens, English contractions, letter runs, single digits,
 * runs of other symbols), each piece is mapped byte by byte through GPT-2's byte alphabet and byte-pair encoded, and
 * symbols missing from the vocabulary become {@code <|endoftext|>} (CLIP's unknown token).
 *
 * <p>{@link #encode} wraps the ids in {@code <|startoftext|>} … {@code <|endoftext|>}, truncates so that both fit in
 * the context length (77, or a smaller {@code model_max_length} from the config; the end token stays last) and pads
 * on the right with the pad token. SDXL's {@code tokenizer} pads with {@code <|endoftext|>}, {@code tokenizer_2} with
 * {@code !} (id 0); {@link #load(Path)} reads {@code pad_token} from the folder's special-tokens map or tokenizer config
 * and falls back to {@code <|endoftext|>}. Instances are immutable apart from the BPE cache and thread-safe.
 */
public final class ClipTokenizer {

    public static final int CONTEXT_LENGTH = 77;
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    private static final Pattern PRE_TOKENS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    // Python's str regex \s also matches the separators U+001C–U+001F.
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\x1C-\\x1F]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocab;
    private final ClipBpe bpe;
    private final String padToken;
    private final int maxLength;
    private final long bosId;
    private final long eosId;
    private final long padId;

    private ClipTokenizer(Map<String, Integer> vocab, ClipBpe bpe, String padToken, int maxLength, String source) {
        if (maxLength < 2) {
            throw new TokenizerException("CLIP tokenizer " + source + ": context length " + maxLength + " leaves no room for the start and end tokens");
        }
        this.vocab = vocab;
        this.bpe = bpe;
        this.padToken = padToken;
        this.maxLength = maxLength;
        this.bosId = requiredId(START_OF_TEXT, source);
        this.eosId = requiredId(END_OF_TEXT, source);
        this.padId = requiredId(padToken, source);
    }

    /** Loads a tokenizer folder, taking {@code pad_token} from its config files, else {@code <|endoftext|>}. */
    public static ClipTokenizer load(Path directory) {
        return load(directory, END_OF_TEXT);
    }

    /** Loads a tokenizer folder, taking {@code pad_token} from its config files, else {@code fallbackPadToken}. */
    public static ClipTokenizer load(Path directory, String fallbackPadToken) {
        String pad = TokenizerFiles.specialToken(directory, "pad_token").orElse(fallbackPadToken);
        int maxLength = TokenizerFiles.configInt(directory, "model_max_length").stream()
                .filter(length -> length <= CONTEXT_LENGTH).findFirst().orElse(CONTEXT_LENGTH);
        return fromFiles(directory.resolve("vocab.json"), directory.resolve("merges.txt"), pad, maxLength);
    }

    /** Builds a tokenizer from explicit files, pad token and context length, ignoring any config files. */
    public static ClipTokenizer fromFiles(Path vocabJson, Path mergesTxt, String padToken, int maxLength) {
        Map<String, Integer> vocab = TokenizerFiles.jsonVocab(vocabJson);
        ClipBpe bpe = ClipBpe.read(mergesTxt, List.of(START_OF_TEXT, END_OF_TEXT));
        return new ClipTokenizer(vocab, bpe, padToken, maxLength, vocabJson.toString());
    }

    /** The BPE tokens of a text, without start, end or padding tokens. */
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = PRE_TOKENS.matcher(clean(text));
        while (matcher.find()) {
            tokens.addAll(bpe.encode(ByteLevelAlphabet.encode(matcher.group())));
        }
        return tokens;
    }

    /** The text as {@code <|startoftext|> tokens… <|endoftext|> pad…}, exactly {@link #maxLength()} long. */
    public Encoding encode(String text) {
        List<String> content = tokenize(text);
        int kept = Math.min(content.size(), maxLength - 2);
        List<String> tokens = new ArrayList<>(maxLength);
        tokens.add(START_OF_TEXT);
        tokens.addAll(content.subList(0, kept));
        tokens.add(END_OF_TEXT);
        int real = tokens.size();
        while (tokens.size() < maxLength) {
            tokens.add(padToken);
        }
        long[] ids = new long[maxLength];
        long[] mask = new long[maxLength];
        for (int i = 0; i < maxLength; i++) {
            ids[i] = i < real ? id(tokens.get(i)) : padId;
            mask[i] = i < real ? 1 : 0;
        }
        return new Encoding(tokens, ids, mask, new long[maxLength]);
    }

    /** Several texts encoded and stacked as {@code [texts.size(), maxLength]} (e.g. negative and positive prompt). */
    public TokenBatch encodeBatch(List<String> texts) {
        return TokenBatch.of(texts.stream().map(this::encode).toList(), padId);
    }

    /** The id of a token, or of {@code <|endoftext|>} when the vocabulary lacks it. */
    public long id(String token) {
        Integer id = vocab.get(token);
        return id != null ? id : eosId;
    }

    public int maxLength() {
        return maxLength;
    }

    public String padToken() {
        return padToken;
    }

    public long padId() {
        return padId;
    }

    public long bosId() {
        return bosId;
    }

    public long eosId() {
        return eosId;
    }

    static String clean(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(normalised).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    private long requiredId(String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new TokenizerException("CLIP tokenizer " + source + " has no id for the special token " + token);
        }
        return id;
    }

    @Override
    public String toString() {
        return "ClipTokenizer[vocab=" + vocab.size() + ", pad=" + padToken + ", maxLength=" + maxLength + "]";
    }
}
