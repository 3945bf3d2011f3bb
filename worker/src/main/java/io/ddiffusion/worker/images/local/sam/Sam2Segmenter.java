package io.ddiffusion.worker.images.local.sam;

import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.media.ImageTensors;
import io.ddiffusion.worker.media.ResampleFilter;
import io.ddiffusion.worker.media.Resampler;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SAM 2.1's image path as onnx-community exports it: the vision encoder once per image, then the prompt encoder and
 * mask decoder once per box. The image is stretched to 1024×1024 (SAM 2 resizes without keeping the aspect ratio) and
 * ImageNet-normalised; boxes go in that 1024 frame. Of the decoder's three mask hypotheses the one with the highest
 * predicted IoU is upsampled (bilinear) to the image and thresholded at logit 0.
 */
final class Sam2Segmenter {
    /** SAM 2's input resolution, used when the encoder's axes are dynamic. */
    static final int INPUT_SIZE = 1024;
    static final String PIXEL_VALUES = "pixel_values";
    static final String EMBEDDINGS_PREFIX = "image_embeddings.";
    static final String IOU_SCORES = "iou_scores";
    static final String PRED_MASKS = "pred_masks";

    /** The encoder's outputs ({@code image_embeddings.0/1/2}) for one image, fed to the decoder for every box. */
    record ImageEmbeddings(Map<String, Tensor> tensors, int inputSize) {
    }

    ImageEmbeddings encode(ModelResidency.Lease encoder, BufferedImage image) {
        long[] shape = encoder.inputs().containsKey(PIXEL_VALUES) ? encoder.inputs().get(PIXEL_VALUES).shape()
                : new long[0];
        int size = shape.length == 4 && shape[3] > 0 ? (int) shape[3] : INPUT_SIZE;
        FloatImage pixels = ImageTensors.toChw(Resampler.resize(image, size, size, ResampleFilter.BILINEAR),
                ImageTensors.Normalisation.IMAGENET);
        Map<String, Tensor> out = encoder.run(Map.of(PIXEL_VALUES, Tensor.floats(pixels.data(), pixels.nchwShape())));
        Map<String, Tensor> embeddings = new LinkedHashMap<>();
        out.forEach((name, t) -> {
            if (name.startsWith(EMBEDDINGS_PREFIX)) {
                embeddings.put(name, t);
            }
        });
        if (embeddings.isEmpty()) {
            throw new InferenceException("the SAM 2 vision encoder returned no image_embeddings.* (got " + out.keySet()
                    + ")");
        }
        return new ImageEmbeddings(Map.copyOf(embeddings), size);
    }

    /** The mask of the object in {@code box} (image pixels) on the {@code width × height} image. */
    Mask segment(ModelResidency.Lease decoder, ImageEmbeddings embeddings, Box box, int width, int height) {
        Map<String, Tensor> out = decoder.run(promptInputs(embeddings, box, width, height), Set.of(IOU_SCORES,
                PRED_MASKS));
        if (!(out.get(IOU_SCORES) instanceof Tensor.Floats iou) || !(out.get(PRED_MASKS) instanceof Tensor.Floats m)) {
            throw new InferenceException("the SAM 2 mask decoder returned no iou_scores/pred_masks (got "
                    + out.keySet() + ")");
        }
        long[] shape = m.shape();
        int hypotheses = iou.data().length;
        if (shape.length < 3 || hypotheses < 1 || m.data().length != hypotheses * shape[shape.length - 1]
                * shape[shape.length - 2]) {
            throw new InferenceException("the SAM 2 mask decoder returned pred_masks " + Arrays.toString(shape)
                    + " for " + hypotheses + " iou scores; expected one box's [1, 1, hypotheses, h, w]");
        }
        int best = best(iou.data());
        int mh = (int) shape[shape.length - 2];
        int mw = (int) shape[shape.length - 1];
        float[] logits = Arrays.copyOfRange(m.data(), best * mw * mh, (best + 1) * mw * mh);
        FloatImage up = Resampler.resize(FloatImage.plane(mw, mh, logits), width, height, ResampleFilter.BILINEAR);
        boolean[] inside = new boolean[width * height];
        float[] d = up.data();
        for (int i = 0; i < inside.length; i++) {
            inside[i] = d[i] > 0f;
        }
        return new Mask(width, height, inside, iou.data()[best]);
    }

    /**
     * The decoder's inputs for one box prompt: {@code input_boxes [1, 1, 4]} in the encoder's frame, and no points —
     * {@code input_points [1, 1, 0, 2]} and {@code input_labels [1, 1, 0]}, the empty form transformers.js sends for a
     * box-only prompt — so the prompt is the box alone, as LangSAM gives it to SAM 2.
     */
    static Map<String, Tensor> promptInputs(ImageEmbeddings embeddings, Box box, int width, int height) {
        Box scaled = box.scaled((double) embeddings.inputSize() / width, (double) embeddings.inputSize() / height);
        Map<String, Tensor> in = new LinkedHashMap<>(embeddings.tensors());
        in.put("input_boxes", Tensor.floats(new float[] {scaled.x1(), scaled.y1(), scaled.x2(), scaled.y2()}, 1, 1,
                4));
        in.put("input_points", Tensor.floats(new float[0], 1, 1, 0, 2));
        in.put("input_labels", Tensor.longs(new long[0], 1, 1, 0));
        return in;
    }

    /** Index of the highest score (the first on ties). */
    static int best(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
