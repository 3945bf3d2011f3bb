package io.ddiffusion.worker.models;

import io.ddiffusion.worker.models.hub.FakeHub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Small local models served by a {@link FakeHub}: {@code tiny-seg} (an ONNX graph, its external data and a vocabulary,
 * across two repos, like sam-2) and {@code tiny-unpinned} (nothing verified). Shared with the CLI tests.
 */
public final class TinyHubModels {

    public static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
    public static final String SEG_REPO = "acme/tiny-seg-ONNX";
    public static final String DETECTOR_REPO = "acme/tiny-detector";

    public final byte[] graph = "tiny onnx graph".getBytes(StandardCharsets.UTF_8);
    public final byte[] data = new byte[250_000];
    public final byte[] vocab = "[PAD]\n[UNK]\ncat\n".getBytes(StandardCharsets.UTF_8);
    public final LocalModel seg;
    public final LocalModel unpinned;
    public final LocalModels catalogue;

    /** Serves the files on the hub (whose commit must be {@link #COMMIT}) and builds their manifests. */
    public TinyHubModels(FakeHub hub) {
        new Random(7).nextBytes(data);
        hub.serve(SEG_REPO, "onnx/encoder.onnx", graph, false);
        hub.serve(SEG_REPO, "onnx/encoder.onnx_data", data, true);
        hub.serve(DETECTOR_REPO, "vocab.txt", vocab, false);
        seg = new LocalModel("tiny-seg", "a tiny segmenter for tests", List.of(
                ModelComponent.pinned("encoder", SEG_REPO, COMMIT, "onnx/encoder.onnx", graph.length,
                        FakeHub.sha256(graph)),
                ModelComponent.pinned("encoder_data", SEG_REPO, COMMIT, "onnx/encoder.onnx_data", data.length,
                        FakeHub.sha256(data)),
                ModelComponent.pinned("detector_vocab", DETECTOR_REPO, COMMIT, "vocab.txt", vocab.length,
                        FakeHub.sha256(vocab))));
        unpinned = new LocalModel("tiny-unpinned", "nothing verified yet", List.of(
                ModelComponent.unpinned("model", "acme/unknown", "model.onnx", "sha256 unknown")));
        catalogue = new LocalModels(List.of(seg, unpinned));
    }
}
