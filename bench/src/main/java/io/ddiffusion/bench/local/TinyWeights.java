package io.ddiffusion.bench.local;

import io.ddiffusion.worker.images.local.depth.TinyDepthAnything;
import io.ddiffusion.worker.images.local.esrgan.TinyUpscaler;
import io.ddiffusion.worker.images.local.sam.TinySamModels;
import io.ddiffusion.worker.images.local.sam.TinySamModels.FakeQuery;
import io.ddiffusion.worker.images.local.sdxl.TinySdXl;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker tests' tiny stand-ins, laid out as each model's files: real input/output names, element types and fixed
 * sizes (float16 SAM encoder, 128 px upscaler), trivial arithmetic inside.
 */
final class TinyWeights {
    /** One detection of the prompt's word at position 2 ("cat"), a box in the left half of the image. */
    private static final FakeQuery ONE_BOX = new FakeQuery(10, 2, 0.8f, 0.35f, 0.55f, 0.3f, 0.4f);

    private TinyWeights() {
    }

    static ModelPaths write(String model, Path dir) throws IOException {
        return switch (model) {
            case "sd-xl" -> TinySdXl.write(dir, TinySdXl.Options.standard());
            case "depth-anything-2" -> new ModelPaths(model, Map.of("model",
                    TinyDepthAnything.meanOverChannels(TinyOnnx.FLOAT).save(dir.resolve("onnx/model.onnx"))));
            case "real-esrgan-x4" -> new ModelPaths(model, Map.of("model",
                    TinyUpscaler.nearestX4("image", "upscaled_image", 128, TinyOnnx.FLOAT)
                            .save(dir.resolve("Real-ESRGAN-x4plus.onnx"))));
            case "sam-2" -> new ModelPaths(model, Map.of(
                    "detector", TinySamModels.detector(dir.resolve("detector/onnx/model.onnx"), "sequence_length",
                            ONE_BOX),
                    "detector_vocab", TinySamModels.writeVocab(dir.resolve("detector/vocab.txt")),
                    "vision_encoder", TinySamModels.visionEncoder(dir.resolve("onnx/vision_encoder_fp16.onnx"),
                            TinyOnnx.FLOAT16),
                    "mask_decoder", TinySamModels.maskDecoder(dir.resolve("onnx/prompt_encoder_mask_decoder.onnx"))));
            default -> throw new IllegalArgumentException("no tiny stand-in for " + model);
        };
    }
}
