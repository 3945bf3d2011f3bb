package io.ddiffusion.worker.images.local.sam;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Grounding DINO's outputs to detections, as transformers' {@code post_process_grounded_object_detection} does it:
 * sigmoid of each query's token logits, the query's score is its highest token probability, queries scoring over the
 * box threshold are kept in query order, their {@code (cx, cy, w, h)} boxes scaled to the image's pixels.
 */
final class GroundedDetections {
    private static final Set<String> NOT_WORDS = Set.of(WordPieceTokenizer.CLS, WordPieceTokenizer.SEP,
            WordPieceTokenizer.PAD, ".");

    private GroundedDetections() {
    }

    /**
     * Decodes {@code logits} {@code [1, queries, slots]} and {@code boxes} {@code [1, queries, 4]} for a
     * {@code width × height} image. Only the prompt's real tokens count towards a score: the export gives padding
     * and unused slots very low logits, and skipping them keeps that true even if an export does not.
     */
    static List<Detection> decode(Tensor.Floats logits, Tensor.Floats boxes, DetectorText text, int width, int height,
            DetectionThresholds thresholds) {
        long[] ls = logits.shape();
        long[] bs = boxes.shape();
        if (ls.length != 3 || bs.length != 3 || bs[2] != 4 || ls[1] != bs[1]) {
            throw new InferenceException("Grounding DINO returned logits " + Arrays.toString(ls) + " and pred_boxes "
                    + Arrays.toString(bs) + "; expected [1, queries, tokens] and [1, queries, 4]");
        }
        int queries = (int) ls[1];
        int slots = (int) ls[2];
        int tokens = Math.min(text.realLength(), slots);
        float[] l = logits.data();
        float[] b = boxes.data();
        List<Detection> found = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            int row = q * slots;
            float best = 0f;
            for (int t = 0; t < tokens; t++) {
                best = Math.max(best, sigmoid(l[row + t]));
            }
            if (best > thresholds.box()) {
                int k = q * 4;
                Box box = Box.fromCentre(b[k], b[k + 1], b[k + 2], b[k + 3], width, height);
                found.add(new Detection(box, best, phrase(l, row, tokens, text, thresholds.text())));
            }
        }
        return found;
    }

    /** The prompt words whose probability is over the text threshold, WordPiece pieces joined back into words. */
    private static String phrase(float[] logits, int row, int tokens, DetectorText text, float threshold) {
        StringBuilder words = new StringBuilder();
        for (int t = 0; t < tokens; t++) {
            String token = text.tokens().get(t);
            if (sigmoid(logits[row + t]) <= threshold || NOT_WORDS.contains(token)) {
                continue;
            }
            if (token.startsWith("##")) {
                words.append(token, 2, token.length());
            } else {
                words.append(words.isEmpty() ? "" : " ").append(token);
            }
        }
        return words.toString();
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
