package io.ddiffusion.worker.models.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerTest {

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "cat", ".", "dog",
            "##s", "un", "##aff", "##able", "run", "##ning", "hello", "!", "world", "cafe", "中", "的", "##a", "Hello");

    @TempDir
    Path dir;

    WordPieceTokenizer tokenizer;

    @BeforeEach
    void writeVocab() throws IOException {
        Files.write(dir.resolve("vocab.txt"), VOCAB);
        tokenizer = WordPieceTokenizer.load(dir);
    }

    static long id(String token) {
        return VOCAB.indexOf(token);
    }

    @Test
    void wordsArePiecedGreedilyLongestFirstWithHashPrefixes() {
        assertThat(tokenizer.tokenize("unaffable")).containsExactly("un", "##aff", "##able");
        assertThat(tokenizer.tokenize("running dogs")).containsExactly("run", "##ning", "dog", "##s");
    }

    @Test
    void aWordWithAnUnmatchablePartBecomesOneUnknownToken() {
        assertThat(tokenizer.tokenize("unaffablex cat")).containsExactly("[UNK]", "cat");
        assertThat(tokenizer.tokenize("xyz")).containsExactly("[UNK]");
    }

    @Test
    void wordsOverOneHundredCharactersAreUnknown() {
        assertThat(tokenizer.tokenize("a".repeat(100))).hasSize(100).startsWith("a", "##a").endsWith("##a");
        assertThat(tokenizer.tokenize("a".repeat(101))).containsExactly("[UNK]");
    }

    @Test
    void textIsLowerCasedAndStrippedOfAccents() {
        assertThat(tokenizer.tokenize("A CAT")).containsExactly("a", "cat");
        assertThat(tokenizer.tokenize("Café")).containsExactly("cafe");
    }

    @Test
    void casedVocabulariesKeepCaseAndAccents() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");

        assertThat(WordPieceTokenizer.load(dir).tokenize("Hello hello Café")).containsExactly("Hello", "hello", "[UNK]");
    }

    @Test
    void punctuationIsSplitOffEvenInsideWords() {
        assertThat(tokenizer.tokenize("hello!world. a cat.")).containsExactly("hello", "!", "world", ".", "a", "cat", ".");
    }

    @Test
    void cjkIdeographsBecomeSingleCharacterWords() {
        assertThat(tokenizer.tokenize("中的cat")).containsExactly("中", "的", "cat");
    }

    @Test
    void controlCharactersAreDroppedAndOtherWhitespaceSeparates() {
        assertThat(tokenizer.tokenize("c\u0000at\u200B\tdog\u00A0a")).containsExactly("cat", "dog", "a");
    }

    @Test
    void encodingWrapsInClsAndSepWithZeroSegments() {
        Encoding encoding = tokenizer.encode("a cat.");

        assertThat(encoding.tokens()).containsExactly("[CLS]", "a", "cat", ".", "[SEP]");
        assertThat(encoding.inputIds()).containsExactly(id("[CLS]"), id("a"), id("cat"), id("."), id("[SEP]"));
        assertThat(encoding.attentionMask()).containsOnly(1L).hasSize(5);
        assertThat(encoding.tokenTypeIds()).containsOnly(0L).hasSize(5);
    }

    @Test
    void truncationKeepsSepLast() {
        assertThat(tokenizer.encode("a cat . dog", 4).tokens()).containsExactly("[CLS]", "a", "cat", "[SEP]");
    }

    @Test
    void aBatchIsPaddedToTheLongestRow() {
        TokenBatch batch = tokenizer.encodeBatch(List.of("cat", "a dog ."));

        assertThat(batch.shape()).containsExactly(2, 5);
        assertThat(batch.inputIds()).containsExactly(id("[CLS]"), id("cat"), id("[SEP]"), id("[PAD]"), id("[PAD]"),
                id("[CLS]"), id("a"), id("dog"), id("."), id("[SEP]"));
        assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
        assertThat(batch.tokenTypeIds()).containsOnly(0L);
    }

    @Test
    void aVocabularyWithoutSpecialTokensIsRefused() throws IOException {
        Files.write(dir.resolve("vocab.txt"), List.of("a", "b"));

        assertThatThrownBy(() -> WordPieceTokenizer.load(dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("[CLS]");
        assertThatThrownBy(() -> WordPieceTokenizer.load(dir.resolve("missing"))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("vocab.txt");
    }
}
