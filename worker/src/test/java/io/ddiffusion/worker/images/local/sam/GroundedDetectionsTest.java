package io.ddiffusion.worker.images.local.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundedDetectionsTest {
    static final int QUERIES = 6;
    static final int SLOTS = 16;
    /** "[CLS] red ball . [SEP]": five real tokens. */
    static final DetectorText TEXT = new DetectorText("red ball.", List.of("[CLS]", "red", "ball", ".", "[SEP]"),
            new long[5], new long[] {1, 1, 1, 1, 1});

    final float[] logits = new float[QUERIES * SLOTS];
    final float[] boxes = new float[QUERIES * 4];

    GroundedDetectionsTest() {
        Arrays.fill(logits, -9f);
        Arrays.fill(boxes, 0.5f);
    }

    void set(int query, int token, double probability) {
        logits[query * SLOTS + token] = (float) Math.log(probability / (1 - probability));
    }

    void box(int query, float cx, float cy, float w, float h) {
        System.arraycopy(new float[] {cx, cy, w, h}, 0, boxes, query * 4, 4);
    }

    List<Detection> decode(int width, int height) {
        return GroundedDetections.decode(Tensor.floats(logits, 1, QUERIES, SLOTS), Tensor.floats(boxes, 1, QUERIES, 4),
                TEXT, width, height, DetectionThresholds.ORIGINAL);
    }

    @Test
    void aBoxScoringJustUnderTheBoxThresholdIsDroppedAndJustOverIsKept() {
        set(1, 2, 0.29);
        set(3, 2, 0.31);

        List<Detection> found = decode(100, 100);

        assertThat(found).hasSize(1);
        assertThat(found.getFirst().score()).isCloseTo(0.31f, within(1e-5f));
    }

    @Test
    void aQuerysScoreIsItsBestTokenProbability() {
        set(0, 1, 0.35);
        set(0, 2, 0.6);
        set(0, 3, 0.4);

        assertThat(decode(100, 100)).singleElement().satisfies(d -> assertThat(d.score()).isCloseTo(0.6f,
                within(1e-5f)));
    }

    @Test
    void onlyThePromptsRealTokensCountSoPaddingSlotsCannotMakeADetection() {
        set(2, 5, 0.99);
        set(2, SLOTS - 1, 0.99);

        assertThat(decode(100, 100)).isEmpty();
    }

    @Test
    void boxesGoFromNormalisedCentreAndSizeToCornersInPixelsOfANonSquareImage() {
        set(4, 2, 0.8);
        box(4, 0.5f, 0.25f, 0.2f, 0.3f);

        Box b = decode(200, 100).getFirst().box();

        assertThat(b.x1()).isCloseTo(80f, within(1e-3f));
        assertThat(b.y1()).isCloseTo(10f, within(1e-3f));
        assertThat(b.x2()).isCloseTo(120f, within(1e-3f));
        assertThat(b.y2()).isCloseTo(40f, within(1e-3f));
    }

    @Test
    void detectionsStayInQueryOrderNotScoreOrder() {
        set(1, 2, 0.5);
        set(4, 2, 0.9);
        box(1, 0.1f, 0.1f, 0.1f, 0.1f);
        box(4, 0.9f, 0.9f, 0.1f, 0.1f);

        assertThat(decode(10, 10)).extracting(d -> Math.round(d.box().x1())).containsExactly(1, 9);
    }

    @Test
    void thePhraseIsTheWordsOverTheTextThresholdWithoutSpecialTokensOrThePeriod() {
        set(0, 0, 0.9);
        set(0, 1, 0.26);
        set(0, 2, 0.7);
        set(0, 3, 0.9);
        set(0, 4, 0.9);
        set(1, 1, 0.24);
        set(1, 2, 0.7);

        List<Detection> found = decode(10, 10);

        assertThat(found).extracting(Detection::phrase).containsExactly("red ball", "ball");
    }

    @Test
    void outputsOfTheWrongShapeAreReportedByName() {
        assertThatThrownBy(() -> GroundedDetections.decode(Tensor.floats(logits, 1, QUERIES, SLOTS),
                Tensor.floats(new float[QUERIES * 2], 1, QUERIES, 2), TEXT, 10, 10, DetectionThresholds.ORIGINAL))
                .isInstanceOf(InferenceException.class).hasMessageContaining("pred_boxes");
    }
}
