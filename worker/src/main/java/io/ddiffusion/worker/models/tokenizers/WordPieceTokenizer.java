package io.ddiffusion.worker.models.tokenizers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer as {@code bert-base-uncased} defines it (Grounding DINO's text side), read from a
 * {@code vocab.txt} (one token per line, id = line number).
 *
 * <p>Basic tokenisation first: control characters dropped, whitespace normalised, CJK ideographs split into single
 * characters, NFC; when lower-casing (the uncased models), each word is lower-cased and stripped of accents; then every
 * punctuation character becomes a word of its own. Each word is then cut greedily into the longest vocabulary pieces
 * from the left, pieces after the first prefixed with {@code ##}; a word with a part no piece matches, or longer than
 * 100 characters, becomes {@code [UNK]} as a whole. Special-token strings inside the text ("[SEP]") are tokenised as
 * ordinary text. Immutable and thread-safe.
 */
public final class WordPieceTokenizer {

    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final int MAX_CHARS_PER_WORD = 100;

    private final Map<String, Integer> vocab;
    private final BertBasicTokenizer basic;
    private final long clsId;
    private final long sepId;
    private final long padId;
    private final long unkId;

    private WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, String source) {
        this.vocab = vocab;
        this.basic = new BertBasicTokenizer(lowercase);
        this.clsId = requiredId(CLS, source);
        this.sepId = requiredId(SEP, source);
        this.padId = requiredId(PAD, source);
        this.unkId = requiredId(UNK, source);
    }

    /** Loads {@code vocab.txt} from a tokenizer folder; {@code do_lower_case} from its tokenizer config, else true. */
    public static WordPieceTokenizer load(Path directory) {
        boolean lowercase = TokenizerFiles.configBoolean(directory, "do_lower_case").orElse(true);
        return fromVocab(directory.resolve("vocab.txt"), lowercase);
    }

    /** Builds a tokenizer from a {@code vocab.txt}, lower-casing and stripping accents when {@code lowercase}. */
    public static WordPieceTokenizer fromVocab(Path vocabTxt, boolean lowercase) {
        return new WordPieceTokenizer(TokenizerFiles.lineVocab(vocabTxt), lowercase, vocabTxt.toString());
    }

    /** The WordPiece tokens of a text, without {@code [CLS]}/{@code [SEP]}. */
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        for (String word : basic.split(text)) {
            wordPieces(word, tokens);
        }
        return tokens;
    }

    /** {@code [CLS] tokens… [SEP]}, unpadded and untruncated, as Grounding DINO's processor calls it. */
    public Encoding encode(String text) {
        return encode(text, Integer.MAX_VALUE);
    }

    /** {@code [CLS] tokens… [SEP]}, content truncated so the whole fits in {@code maxLength}; {@code [SEP]} stays last. */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for [CLS] and [SEP]");
        }
        List<String> content = tokenize(text);
        List<String> tokens = new ArrayList<>(Math.min(content.size(), maxLength - 2) + 2);
        tokens.add(CLS);
        tokens.addAll(content.subList(0, Math.min(content.size(), maxLength - 2)));
        tokens.add(SEP);
        long[] ids = new long[tokens.size()];
        long[] mask = new long[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(tokens.get(i));
            mask[i] = 1;
        }
        return new Encoding(tokens, ids, mask, new long[ids.length]);
    }

    /** Several texts encoded and padded with {@code [PAD]} to the longest, as {@code [texts.size(), longest]}. */
    public TokenBatch encodeBatch(List<String> texts) {
        return TokenBatch.of(texts.stream().map(this::encode).toList(), padId);
    }

    /** The id of a token, or of {@code [UNK]} when the vocabulary lacks it. */
    public long id(String token) {
        Integer id = vocab.get(token);
        return id != null ? id : unkId;
    }

    public long clsId() {
        return clsId;
    }

    public long sepId() {
        return sepId;
    }

    public long padId() {
        return padId;
    }

    private void wordPieces(String word, List<String> into) {
        int[] codePoints = word.codePoints().toArray();
        if (codePoints.length > MAX_CHARS_PER_WORD) {
            into.add(UNK);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < codePoints.length) {
            String piece = null;
            int end = codePoints.length;
            for (; end > start; end--) {
                String candidate = (start > 0 ? "##" : "") + new String(codePoints, start, end - start);
                if (vocab.containsKey(candidate)) {
                    piece = candidate;
                    break;
                }
            }
            if (piece == null) {
                into.add(UNK);
                return;
            }
            pieces.add(piece);
            start = end;
        }
        into.addAll(pieces);
    }

    private long requiredId(String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new TokenizerException("WordPiece vocabulary " + source + " has no id for the special token " + token);
        }
        return id;
    }

    @Override
    public String toString() {
        return "WordPieceTokenizer[vocab=" + vocab.size() + "]";
    }
}
