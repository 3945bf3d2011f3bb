package io.ddiffusion.worker.models.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {

    @TempDir
    Path dir;

    final ClipFixture fixture = new ClipFixture();
    ClipTokenizer tokenizer;

    @BeforeEach
    void writeFixture() throws IOException {
        tokenizer = ClipTokenizer.load(fixture.writeTo(dir));
    }

    @Test
    void aWordWhosePairsAllHaveRanksMergesIntoOneToken() {
        // h e l l o</w> → he l l o</w> → he ll o</w> → hell o</w> → hello</w>
        assertThat(tokenizer.tokenize("hello")).containsExactly("hello</w>");
    }

    @Test
    void mergingStopsWhenNoAdjacentPairHasARank() {
        // h e l p</w> → he l p</w>; neither (he, l) nor (l, p</w>) is a merge
        assertThat(tokenizer.tokenize("help")).containsExactly("he", "l", "p</w>");
    }

    @Test
    void theEndOfWordMarkerKeepsTheLastSymbolApart() {
        // h e l l</w>: "l l" does not apply to (l, l</w>)
        assertThat(tokenizer.tokenize("hell")).containsExactly("he", "l", "l</w>");
    }

    @Test
    void theLowestRankedPairMergesFirstWhereverItStands() {
        // e l l o</w>: (l, l) has rank 1, (e, l) rank 4 — merging left to right would give "el l o</w>"
        assertThat(tokenizer.tokenize("ello")).containsExactly("e", "ll", "o</w>");
    }

    @Test
    void everyOccurrenceOfTheChosenPairMergesAtOnce() {
        assertThat(tokenizer.tokenize("hehex")).containsExactly("he", "he", "x</w>");
    }

    @Test
    void punctuationRunsAndContractionsArePreTokensOfTheirOwn() {
        assertThat(tokenizer.tokenize("Hello, it's world!!"))
                .containsExactly("hello</w>", ",</w>", "it</w>", "'s</w>", "world</w>", "!", "!</w>");
    }

    @Test
    void digitsAreSplitOneByOne() {
        assertThat(tokenizer.tokenize("2024")).containsExactly("2</w>", "0</w>", "2</w>", "4</w>");
    }

    @Test
    void accentedLettersAreByteEncodedAfterNfcNormalisation() {
        // é is UTF-8 C3 A9, whose byte characters are Ã and ©; the decomposed form e + U+0301 composes first
        assertThat(tokenizer.tokenize("Café")).containsExactly("c", "a", "f", "Ã©</w>");
        assertThat(tokenizer.tokenize("Cafe\u0301")).containsExactly("c", "a", "f", "Ã©</w>");
    }

    @Test
    void bytesOutsideThePrintableRangesUseTheShiftedCharacters() {
        // 😀 is F0 9F 98 80: F0 stands for itself, the other three are non-printable and shifted past U+00FF
        List<String> expected = List.of(String.valueOf(fixture.byteChars.get(0xF0)),
                String.valueOf(fixture.byteChars.get(0x9F)), String.valueOf(fixture.byteChars.get(0x98)),
                fixture.byteChars.get(0x80) + "</w>");
        assertThat(tokenizer.tokenize("😀")).isEqualTo(expected).containsExactly("ð", "Ł", "ĺ", "Ģ</w>");
        assertThat(ByteLevelAlphabet.charOf(' ')).isEqualTo('Ġ');
        assertThat(ByteLevelAlphabet.charOf('\n')).isEqualTo('Ċ');
        assertThat(IntStream.range(0, 256).mapToObj(ByteLevelAlphabet::charOf).toList()).isEqualTo(fixture.byteChars);
    }

    @Test
    void whitespaceCollapsesAndCaseFolds() {
        assertThat(tokenizer.tokenize("  HELLO\n\t  World \u00A0")).containsExactly("hello</w>", "world</w>");
    }

    @Test
    void specialTokensInTheTextStayWhole() {
        assertThat(tokenizer.tokenize("hello<|endoftext|>")).containsExactly("hello</w>", "<|endoftext|>");
    }

    @Test
    void symbolsMissingFromTheVocabularyBecomeTheEndToken() {
        Encoding encoding = tokenizer.encode("xyz");

        assertThat(encoding.tokens()).startsWith("<|startoftext|>", "xy", "z</w>", "<|endoftext|>");
        assertThat(encoding.inputIds()[1]).isEqualTo(fixture.id("<|endoftext|>"));
        assertThat(encoding.inputIds()[2]).isEqualTo(fixture.id("z</w>"));
    }

    @Test
    void theLayoutMatchesClipsIdsForTheSpecialTokensAndTheExclamationMark() {
        int merges = ClipFixture.MERGES.size() - ClipFixture.UNLISTED.size();
        assertThat(tokenizer.bosId()).isEqualTo(512 + merges);
        assertThat(tokenizer.eosId()).isEqualTo(513 + merges);
        assertThat(tokenizer.id("!")).isZero();
    }

    @Test
    void encodingWrapsInStartAndEndAndPadsWithTheEndTokenByDefault() {
        Encoding encoding = tokenizer.encode("hello world");

        long eot = fixture.id("<|endoftext|>");
        long[] expected = new long[77];
        Arrays.fill(expected, eot);
        expected[0] = fixture.id("<|startoftext|>");
        expected[1] = fixture.id("hello</w>");
        expected[2] = fixture.id("world</w>");
        assertThat(encoding.inputIds()).containsExactly(expected);
        assertThat(encoding.attentionMask()).containsExactly(mask(4, 77));
        assertThat(encoding.tokenTypeIds()).containsOnly(0L);
        assertThat(tokenizer.padToken()).isEqualTo("<|endoftext|>");
    }

    @Test
    void thePadTokenComesFromTheSpecialTokensMap() throws IOException {
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"!\"}");

        Encoding encoding = ClipTokenizer.load(dir).encode("hello");

        assertThat(encoding.inputIds()).startsWith(fixture.id("<|startoftext|>"), fixture.id("hello</w>"),
                fixture.id("<|endoftext|>"), 0L);
        assertThat(Arrays.stream(encoding.inputIds()).skip(3)).containsOnly(0L);
        assertThat(encoding.tokens().getLast()).isEqualTo("!");
    }

    @Test
    void thePadTokenAndContextLengthComeFromTheTokenizerConfigWhenTheMapIsAbsent() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"model_max_length\": 8, \"pad_token\": {\"content\": \"!\", \"lstrip\": false}}");

        ClipTokenizer configured = ClipTokenizer.load(dir);

        assertThat(configured.padId()).isZero();
        assertThat(configured.encode("hello").inputIds()).hasSize(8);
    }

    @Test
    void aFallbackPadTokenIsUsedWhenNoConfigNamesOne() {
        assertThat(ClipTokenizer.load(dir, "!").padId()).isZero();
    }

    @Test
    void longTextIsTruncatedToSeventySevenWithTheEndTokenLast() {
        Encoding encoding = tokenizer.encode("hello ".repeat(100));

        assertThat(encoding.length()).isEqualTo(77);
        assertThat(encoding.inputIds()[0]).isEqualTo(fixture.id("<|startoftext|>"));
        assertThat(Arrays.copyOfRange(encoding.inputIds(), 1, 76)).containsOnly(fixture.id("hello</w>"));
        assertThat(encoding.inputIds()[76]).isEqualTo(fixture.id("<|endoftext|>"));
        assertThat(encoding.attentionMask()).containsOnly(1L);
    }

    @Test
    void aBatchStacksOneRowPerText() {
        TokenBatch batch = tokenizer.encodeBatch(List.of("", "hello"));

        assertThat(batch.shape()).containsExactly(2, 77);
        assertThat(batch.inputIds()).hasSize(154);
        assertThat(Arrays.copyOfRange(batch.inputIds(), 0, 3)).containsExactly(fixture.id("<|startoftext|>"),
                fixture.id("<|endoftext|>"), fixture.id("<|endoftext|>"));
        assertThat(Arrays.copyOfRange(batch.attentionMask(), 0, 77)).containsExactly(mask(2, 77));
        assertThat(batch.inputIds()[78]).isEqualTo(fixture.id("hello</w>"));
        assertThat(Arrays.copyOfRange(batch.attentionMask(), 77, 154)).containsExactly(mask(3, 77));
    }

    @Test
    void concurrentTokenisationAgreesWithSequential() {
        List<String> texts = IntStream.range(0, 200).mapToObj(i -> "hello world " + i + " help it's").toList();
        List<List<String>> sequential = texts.stream().map(tokenizer::tokenize).toList();

        assertThat(texts.parallelStream().map(tokenizer::tokenize).toList()).isEqualTo(sequential);
    }

    @Test
    void missingOrMalformedFilesAreNamedInTheError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> ClipTokenizer.load(empty)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("vocab.json");

        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nh e\nthree symbols here\n");
        assertThatThrownBy(() -> ClipTokenizer.load(dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("merges.txt line 3");
    }

    @Test
    void aVocabularyWithoutTheSpecialTokensIsRefused() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");

        assertThatThrownBy(() -> ClipTokenizer.load(dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("<|startoftext|>");
    }

    private static long[] mask(int ones, int length) {
        long[] mask = new long[length];
        Arrays.fill(mask, 0, ones, 1L);
        return mask;
    }
}
