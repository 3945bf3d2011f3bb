package io.ddiffusion.worker.models;

import static io.ddiffusion.worker.models.ModelComponent.pinned;
import static io.ddiffusion.worker.models.ModelComponent.unpinned;

import io.ddiffusion.worker.models.ModelComponent.Recorded;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of local models and their pinned ONNX exports. Sources, tensor names and preprocessing for every entry
 * are in {@code worker/docs/local-model-exports.md}; a component whose commit, size or sha256 could not be
 * verified is {@linkplain ModelComponent#unpinned not pinned} rather than guessed.
 *
 * <p>To pin one, on a machine that reaches the Hub: {@code ./ddiffusion models pin REPO COMMIT FILE…}, which reads
 * {@code GET {HF_ENDPOINT}/api/models/{repo}/revision/{commit}?blobs=true} (size and {@code lfs.sha256} of LFS files)
 * and hashes small non-LFS files, then prints the entries to paste here.
 */
public final class LocalModels {

    private static final String SDXL = "stabilityai/stable-diffusion-xl-base-1.0";
    /** The commit "onnx-model (#18)" that added the ONNX export; its page lists each LFS pointer (oid, size). */
    private static final String SDXL_REV = "51f73290e8342333ca42c7b9f4fb07526f6d1fb9";
    private static final long CLIP_VOCAB_SIZE = 1_059_962L;
    private static final String CLIP_VOCAB_SHA256 = "e089ad92ba36837a0d31433e555c8f45fe601ab5c221d4f607ded32d9f7a4349";
    private static final long CLIP_MERGES_SIZE = 524_619L;
    private static final String CLIP_MERGES_SHA256 = "9fd691f7c8039210e0fced15865466c65820d09b63988b0174bfe25de299051a";
    private static final String ESRGAN = "qualcomm/Real-ESRGAN-x4plus";
    /** The commit that first added the ONNX file, whose page shows its LFS pointer. */
    private static final String ESRGAN_REV = "6a7e0c049f123d9f1c81a567c0442cfd3fedf011";
    private static final String DA2 = "onnx-community/depth-anything-v2-small";
    private static final String DA2_REV = "4472b7362082ad9968fee890ca0f1e5aca36b93d";
    private static final String SAM = "onnx-community/sam2.1-hiera-base-plus-ONNX";
    private static final String SAM_REV = "bab18593f44e652f04cf18b60b3690f60e8996b0";
    private static final String GDINO = "onnx-community/grounding-dino-tiny-ONNX";
    private static final String GDINO_REV = "ff690b0a8050566c290287545bd059350f3e9096";

    /**
     * SDXL base 1.0. The base repo itself ships an Optimum ONNX export (fp32) of every component beside the diffusers
     * weights: the one public SDXL ONNX layout several tools document. The original's RealVisXL fine-tune has no ONNX
     * export; its weights would fit the same graphs. Every file is taken at one commit, so a graph and its external data
     * share a snapshot folder. The text encoders and the UNet graph are pinned from that commit's LFS pointers; the
     * UNet's external data (sha256 known, exact size not), the VAE and the tokenizer files are not yet, so the model
     * cannot be pulled until a maintainer runs {@code ./ddiffusion models pin} for them.
     */
    public static final LocalModel SD_XL = sdxl();

    /**
     * Depth Anything V2 <b>Small</b> (onnx-community's transformers.js export of Depth-Anything-V2-Small-hf). The
     * original runs Large, but Large/Base weights are CC-BY-NC-4.0 and only Small is Apache-2.0; this export is also
     * the one with published sizes and hashes. fp32 for CPU, fp16 for CUDA.
     */
    public static final LocalModel DEPTH_ANYTHING_2 = new LocalModel("depth-anything-2",
            "Depth Anything V2 Small, onnx-community ONNX export (fp32 + fp16), Apache-2.0", List.of(
                    pinned("model", DA2, DA2_REV, "onnx/model.onnx", 99_060_839L,
                            "afb6a5c28f3b6bf1618c6e43f02073ef9dfdc70e937502d51603e57b0a1df10c"),
                    pinned("model_fp16", DA2, DA2_REV, "onnx/model_fp16.onnx", 49_642_442L,
                            "2df6223f206b5164e21f664ace61dabeb9bb6a49b8b5a3e00510b4807d0f5b04"),
                    pinned("preprocessor_config", DA2, DA2_REV, "preprocessor_config.json", 461L,
                            "03576db3c13dd0471fdf5f5e1428befcb95de063fe699879150b293dc9e0a2c6")));

    /**
     * SAM 2.1 Hiera Base+ (the original's {@code sam2.1_hiera_base_plus}) as onnx-community's image-path export (vision
     * encoder, prompt encoder + mask decoder), fp16 encoder with fp32 decoder: the only Base+ pair with published
     * hashes. Text prompts go through Grounding DINO Tiny (the detector LangSAM uses), onnx-community's export, fp32
     * for portability, with its BERT uncased tokenizer files. Both Apache-2.0.
     */
    public static final LocalModel SAM_2 = new LocalModel("sam-2",
            "SAM 2.1 Hiera Base+ (fp16 encoder, fp32 decoder) + Grounding DINO Tiny (fp32), onnx-community exports",
            List.of(
                    pinned("vision_encoder", SAM, SAM_REV, "onnx/vision_encoder_fp16.onnx", 643_078L,
                            "cb9324a431bfb78c70e4ead1ffb80766e236b50decd55c236c8eada4f0afde96"),
                    pinned("vision_encoder_data", SAM, SAM_REV, "onnx/vision_encoder_fp16.onnx_data", 152_780_640L,
                            "78be422d399181ce3af00130409ebe32eb5b95825e7fe290440fbfaac70b99b4"),
                    pinned("mask_decoder", SAM, SAM_REV, "onnx/prompt_encoder_mask_decoder.onnx", 213_114L,
                            "f39eeec20243ed1c8f2cd013812e77813d937ddbc800fa4bc703761adc7e63cd"),
                    pinned("mask_decoder_data", SAM, SAM_REV, "onnx/prompt_encoder_mask_decoder.onnx_data",
                            20_958_208L, "445cd3f72a218815db10e336f4f1c46a6eb2713a0160a85af5365134607f32a7"),
                    pinned("detector", GDINO, GDINO_REV, "onnx/model.onnx", 718_761_381L,
                            "267c8b00d269dc2dda0d8592812d3027abd5fb59f1cabf8e3d56f8fdf07f68ec"),
                    pinned("detector_vocab", GDINO, GDINO_REV, "vocab.txt", 231_508L,
                            "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
                    pinned("detector_tokenizer", GDINO, GDINO_REV, "tokenizer.json", 711_396L,
                            "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66")));

    /**
     * Real-ESRGAN x4plus (the original's RRDBNet x4plus) as Qualcomm AI Hub's ONNX export on the Hub: a single file, the
     * export with a static 128x128 input {@code image} → {@code upscaled_image}, RGB in [0, 1] (tiling is mandatory).
     * Pinned at the commit that added it (its LFS pointer gives size and sha256); a later re-export
     * (01179a4d…, sha256 4e1ae0e4…) has no published size.
     */
    public static final LocalModel REAL_ESRGAN_X4 = new LocalModel("real-esrgan-x4",
            "Real-ESRGAN x4plus, Qualcomm AI Hub ONNX export (fp32, static 128x128 tiles)", List.of(
                    pinned("model", ESRGAN, ESRGAN_REV, "Real-ESRGAN-x4plus.onnx", 67_123_260L,
                            "e25d35c847f81e51a6f89cb939c373c9dc535871a820a4ab87ed1207a457f5c8")));

    /** The built-in catalogue. */
    public static final LocalModels BUILT_IN = new LocalModels(List.of(SD_XL, DEPTH_ANYTHING_2, SAM_2, REAL_ESRGAN_X4));

    private final List<LocalModel> models;

    /** A catalogue of these models (tests use their own, pinned to a fake Hub). */
    public LocalModels(List<LocalModel> models) {
        this.models = List.copyOf(models);
        if (this.models.stream().map(LocalModel::name).distinct().count() != this.models.size()) {
            throw new IllegalArgumentException("two local models share a name: " + names());
        }
    }

    /** Every model, in catalogue order. */
    public List<LocalModel> all() {
        return models;
    }

    /** The model with this name. */
    public Optional<LocalModel> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The model with this name, or an error that lists the known names. */
    public LocalModel require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no local model named '" + name
                + "'; known: " + names()));
    }

    private String names() {
        return models.stream().map(LocalModel::name).collect(Collectors.joining(", "));
    }

    private static LocalModel sdxl() {
        // why: no source records the sha256 of these three at any commit, so their pin is the Hub's own report at
        // SDXL_REV, taken when first pulled and kept in the lock file (ModelLock); unet_data's sha256 is recorded
        Recorded atRev = new Recorded(SDXL_REV, Optional.empty(), Optional.empty());
        String fromHub = "sha256 and size taken from the Hub at commit " + SDXL_REV.substring(0, 12)
                + " when first pulled (lock file)";
        return new LocalModel("sd-xl", "SDXL base 1.0, Optimum ONNX export in the base repo (fp32)", List.of(
                pinned("text_encoder", SDXL, SDXL_REV, "text_encoder/model.onnx", 492_587_457L,
                        "e27bafa0b3029ad637ef3ace24ce1efe85b8d0dbd22e03a2e70bda6fc88963a1"),
                pinned("text_encoder_2", SDXL, SDXL_REV, "text_encoder_2/model.onnx", 1_041_992L,
                        "162042ac6556e73f93d4172d4c67532c1cbe4dc7a6a8fa7e44dd2e3d7cbb772b"),
                pinned("text_encoder_2_data", SDXL, SDXL_REV, "text_encoder_2/model.onnx_data", 2_778_639_360L,
                        "3da7ac65349fbd092e836e3eeca2c22811317bc804fd70af157b4550f2d4bcb5"),
                pinned("unet", SDXL, SDXL_REV, "unet/model.onnx", 7_293_842L,
                        "6f001c090fb13c0d0f8b0a5916da814712a94400b99471fabe77c1c4a51ecaaf"),
                unpinned("unet_data", SDXL, "unet/model.onnx_data", new Recorded(SDXL_REV, Optional.empty(),
                        Optional.of("7905b71f0044c5ea8fea8ca0451bd73cad53492ad50f964c49c3ff9250afa350")),
                        "exact size not recorded: taken from the Hub at commit " + SDXL_REV.substring(0, 12)
                        + " when first pulled (lock file)"),
                unpinned("vae_encoder", SDXL, "vae_encoder/model.onnx", atRev, fromHub),
                unpinned("vae_decoder", SDXL, "vae_decoder/model.onnx", atRev, fromHub),
                // why: the CLIP BPE tokenizer files, byte-identical across SDXL revisions, SD 1.5/3.5 and ComfyUI's
                // comfy/sd1_tokenizer (size and sha256 recorded for revision 46216598 and by those copies; see
                // ../shared/reference/comfy-models.md section 4): a pull at SDXL_REV verifies them like any pin
                pinned("tokenizer_vocab", SDXL, SDXL_REV, "tokenizer/vocab.json", CLIP_VOCAB_SIZE, CLIP_VOCAB_SHA256),
                pinned("tokenizer_merges", SDXL, SDXL_REV, "tokenizer/merges.txt", CLIP_MERGES_SIZE,
                        CLIP_MERGES_SHA256),
                pinned("tokenizer_2_vocab", SDXL, SDXL_REV, "tokenizer_2/vocab.json", CLIP_VOCAB_SIZE,
                        CLIP_VOCAB_SHA256),
                pinned("tokenizer_2_merges", SDXL, SDXL_REV, "tokenizer_2/merges.txt", CLIP_MERGES_SIZE,
                        CLIP_MERGES_SHA256)));
    }
}
