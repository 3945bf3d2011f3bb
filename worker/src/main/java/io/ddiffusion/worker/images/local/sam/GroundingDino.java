package io.ddiffusion.worker.images.local.sam;

import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.media.ImageTensors;
import io.ddiffusion.worker.media.ResampleFilter;
import io.ddiffusion.worker.media.Resampler;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text-prompted boxes from onnx-community's Grounding DINO export: the image stretched to the export's 800×800 (its
 * own preprocessor config; no aspect kept, no padding), ImageNet-normalised; the prompt as a {@link DetectorText};
 * outputs decoded by {@link GroundedDetections}.
 */
final class GroundingDino {
    /** The export's input size, used when its {@code pixel_values} axes are dynamic. */
    static final int INPUT_SIZE = 800;
    static final String LOGITS = "logits";
    static final String PRED_BOXES = "pred_boxes";

    private final WordPieceTokenizer tokenizer;
    private final DetectionThresholds thresholds;

    GroundingDino(WordPieceTokenizer tokenizer, DetectionThresholds thresholds) {
        this.tokenizer = tokenizer;
        this.thresholds = thresholds;
    }

    /** The detections for {@code prompt} in {@code image}, boxes in the image's pixels, in the model's query order. */
    List<Detection> detect(ModelResidency.Lease detector, BufferedImage image, String prompt) {
        DetectorText text = text(prompt, detector.inputs());
        Map<String, Tensor> out = detector.run(inputs(image, text, detector.inputs()), Set.of(LOGITS, PRED_BOXES));
        return GroundedDetections.decode(floats(out, LOGITS), floats(out, PRED_BOXES), text, image.getWidth(),
                image.getHeight(), thresholds);
    }

    /** The prompt tokenised for this export: padded when it fixes the sequence length, exact when it is dynamic. */
    DetectorText text(String prompt, Map<String, TensorSpec> declared) {
        TensorSpec ids = declared.get("input_ids");
        if (ids == null || ids.shape().length != 2) {
            throw new InferenceException("the Grounding DINO export has no input_ids [batch, sequence] input (declares "
                    + declared.values() + ")");
        }
        return DetectorText.of(tokenizer, prompt, ids.shape()[1]);
    }

    /**
     * The export's inputs: {@code pixel_values}, {@code pixel_mask} (all ones: nothing is padding), {@code input_ids},
     * {@code token_type_ids}, {@code attention_mask}; the optional ones only where the export declares them.
     */
    static Map<String, Tensor> inputs(BufferedImage image, DetectorText text, Map<String, TensorSpec> declared) {
        long[] shape = declared.containsKey("pixel_values") ? declared.get("pixel_values").shape() : new long[0];
        int height = shape.length == 4 && shape[2] > 0 ? (int) shape[2] : INPUT_SIZE;
        int width = shape.length == 4 && shape[3] > 0 ? (int) shape[3] : INPUT_SIZE;
        FloatImage pixels = ImageTensors.toChw(Resampler.resize(image, width, height, ResampleFilter.BILINEAR),
                ImageTensors.Normalisation.IMAGENET);
        long[] ones = new long[width * height];
        Arrays.fill(ones, 1L);
        Map<String, Tensor> all = new LinkedHashMap<>();
        all.put("pixel_values", Tensor.floats(pixels.data(), pixels.nchwShape()));
        all.put("pixel_mask", Tensor.longs(ones, 1, height, width));
        all.put("input_ids", text.inputIdsTensor());
        all.put("token_type_ids", text.tokenTypeIdsTensor());
        all.put("attention_mask", text.attentionMaskTensor());
        all.keySet().retainAll(declared.keySet());
        return all;
    }

    private static Tensor.Floats floats(Map<String, Tensor> out, String name) {
        if (out.get(name) instanceof Tensor.Floats f) {
            return f;
        }
        throw new InferenceException("Grounding DINO returned no float output '" + name + "' (got " + out.keySet()
                + ")");
    }
}
