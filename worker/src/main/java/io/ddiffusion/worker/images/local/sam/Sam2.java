package io.ddiffusion.worker.images.local.sam;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.media.ColourMasks;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code sam-2}: text-prompted segmentation like the original's LangSAM. Grounding DINO finds the boxes the prompt
 * names (box threshold 0.3, text threshold 0.25), SAM 2.1 segments each box, and the masks are composed into the
 * original's colour mask (mask 1 red, 2 green, the rest blue, on black). Nothing found fails the task.
 */
public final class Sam2 implements ImageHandler {
    static final String MODEL = "sam-2";

    private final LocalRuntime runtime;
    private final DetectionThresholds thresholds;
    private final Sam2Segmenter segmenter = new Sam2Segmenter();
    private Path vocabPath;
    private WordPieceTokenizer tokenizer;

    public Sam2(LocalRuntime runtime) {
        this(runtime, DetectionThresholds.ORIGINAL);
    }

    Sam2(LocalRuntime runtime, DetectionThresholds thresholds) {
        this.runtime = runtime;
        this.thresholds = thresholds;
    }

    @Override
    public ImageModel model() {
        return ImageModel.SAM_2;
    }

    @Override
    public List<String> run(ImageContext ctx) throws Exception {
        BufferedImage image = ctx.image().orElseThrow(() -> new IllegalArgumentException(
                "sam-2 segments an input image, and the request has none"));
        String prompt = ctx.prompt();
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("sam-2 needs a prompt naming what to segment, e.g. 'a dog'");
        }
        TaskContext<?> task = ctx.task();
        ModelPaths files = runtime.files(MODEL, task::log);
        ModelResidency residency = runtime.residency();

        List<Detection> found = detect(files, residency, image, prompt, task);
        int total = 2 + found.size();
        task.progress(1, total);
        task.cancellation().throwIfCancelled();

        Sam2Segmenter.ImageEmbeddings embeddings = encode(files, residency, image, task);
        task.progress(2, total);

        List<boolean[]> masks = segment(files, residency, embeddings, found, image, task);
        task.log("Number of masks detected: " + masks.size());
        return List.of(ctx.savePng(ColourMasks.clown(image.getWidth(), image.getHeight(), masks)));
    }

    private List<Detection> detect(ModelPaths files, ModelResidency residency, BufferedImage image, String prompt,
            TaskContext<?> task) {
        GroundingDino detector = new GroundingDino(tokenizer(files.path("detector_vocab")), thresholds);
        long start = System.nanoTime();
        List<Detection> found;
        try (var lease = residency.acquire(ModelRef.of(MODEL + "/detector", files.path("detector")), task::log)) {
            found = detector.detect(lease, image, prompt);
        }
        task.log("Grounding DINO found " + found.size() + (found.size() == 1 ? " box" : " boxes") + " for '"
                + DetectorText.caption(prompt) + "' in " + millis(start) + " ms" + (found.isEmpty() ? ""
                        : ": " + found.stream().map(Detection::toString).collect(Collectors.joining("; "))));
        if (found.isEmpty()) {
            throw new NoObjectsFoundException(prompt, thresholds.box());
        }
        return found;
    }

    private Sam2Segmenter.ImageEmbeddings encode(ModelPaths files, ModelResidency residency, BufferedImage image,
            TaskContext<?> task) {
        long start = System.nanoTime();
        try (var encoder = residency.acquire(ModelRef.of(MODEL + "/vision_encoder", files.path("vision_encoder")),
                task::log)) {
            Sam2Segmenter.ImageEmbeddings embeddings = segmenter.encode(encoder, image);
            task.log("SAM 2 image encoded in " + millis(start) + " ms (" + runtime.device() + ")");
            return embeddings;
        }
    }

    /** One mask per detection, in detection order; progress after each, cancellation checked before each. */
    private List<boolean[]> segment(ModelPaths files, ModelResidency residency,
            Sam2Segmenter.ImageEmbeddings embeddings, List<Detection> found, BufferedImage image, TaskContext<?> task)
            throws TaskCancelledException {
        List<boolean[]> masks = new ArrayList<>();
        try (var decoder = residency.acquire(ModelRef.of(MODEL + "/mask_decoder", files.path("mask_decoder")),
                task::log)) {
            for (int i = 0; i < found.size(); i++) {
                task.cancellation().throwIfCancelled();
                Box box = found.get(i).box();
                Mask mask = segmenter.segment(decoder, embeddings, box, image.getWidth(), image.getHeight());
                masks.add(mask.pixels());
                task.log(String.format(Locale.ROOT, "Mask %d/%d: box %s, predicted IoU %.2f, %d pixels", i + 1,
                        found.size(), box, mask.iouScore(), mask.area()));
                task.progress(3 + i, 2 + found.size());
            }
        }
        return masks;
    }

    /** The detector's tokenizer, read once per vocabulary file (the worker keeps this handler for its lifetime). */
    private synchronized WordPieceTokenizer tokenizer(Path vocab) {
        if (!vocab.equals(vocabPath)) {
            // why: vocab.txt belongs to bert-base-uncased, which lower-cases and strips accents
            tokenizer = WordPieceTokenizer.fromVocab(vocab, true);
            vocabPath = vocab;
        }
        return tokenizer;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
