package io.ddiffusion.worker.images.local.sam;

import static io.ddiffusion.worker.images.local.sam.TinySamModels.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorTextTest {
    @TempDir
    Path dir;
    WordPieceTokenizer tokenizer;

    @BeforeEach
    void vocabulary() throws Exception {
        tokenizer = WordPieceTokenizer.fromVocab(TinySamModels.writeVocab(dir.resolve("vocab.txt")), true);
    }

    @Test
    void theCaptionIsLowerCaseWithCollapsedSpacesAndEndsWithOnePeriod() {
        assertThat(DetectorText.caption("  A   Red\n Ball ")).isEqualTo("a red ball.");
        assertThat(DetectorText.caption("cats.")).isEqualTo("cats.");
        assertThat(DetectorText.caption("a cat. a dog")).isEqualTo("a cat. a dog.");
    }

    @Test
    void aDynamicLengthExportGetsExactlyTheTokensWithBertSpecialIds() {
        DetectorText text = DetectorText.of(tokenizer, "A cat", -1);

        assertThat(text.tokens()).containsExactly("[CLS]", "a", "cat", ".", "[SEP]");
        assertThat(text.inputIds()).containsExactly(101, id("a"), id("cat"), id("."), 102);
        assertThat(text.attentionMask()).containsExactly(1, 1, 1, 1, 1);
        assertThat(text.inputIdsTensor().shape()).containsExactly(1, 5);
        assertThat(text.tokenTypeIdsTensor().data()).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void aFixedLengthExportGetsPaddingThatTheAttentionMaskLeavesOut() {
        DetectorText text = DetectorText.of(tokenizer, "dogs", 8);

        assertThat(text.realLength()).isEqualTo(5);
        assertThat(text.inputIds()).containsExactly(101, id("dog"), id("##s"), id("."), 102, 0, 0, 0);
        assertThat(text.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
        assertThat(text.attentionMaskTensor().shape()).containsExactly(1, 8);
    }

    @Test
    void longPromptsAreCutToGroundingDinosTwoHundredFiftySixTokensKeepingSepLast() {
        DetectorText text = DetectorText.of(tokenizer, "cat ".repeat(300), -1);

        assertThat(text.length()).isEqualTo(DetectorText.MAX_TOKENS);
        assertThat(text.inputIds()[0]).isEqualTo(101);
        assertThat(text.inputIds()[255]).isEqualTo(102);
        assertThat(text.inputIds()[254]).isEqualTo(id("cat"));
    }
}
