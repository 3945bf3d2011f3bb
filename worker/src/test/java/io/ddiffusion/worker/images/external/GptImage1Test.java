package io.ddiffusion.worker.images.external;

import io.ddiffusion.worker.providers.openai.OpenAiEmulator;
import io.ddiffusion.worker.providers.openai.EmulatorTestSupport;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageReference;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.testing.FakeTaskContext.Input;
import io.ddiffusion.worker.providers.MultipartParser.Part;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GptImage1Test extends EmulatorTestSupport {
    private static final String GENERATIONS = "/v1/images/generations";
    private static final String EDITS = "/v1/images/edits";

    private FakeTaskContext<ImageRequest> task(int width, int height, boolean withImage, boolean withMask,
            Input... extra) throws Exception {
        List<Input> inputs = new ArrayList<>(List.of(extra));
        if (withImage) {
            inputs.add(new Input("image", "png", png(width, height, Color.RED)));
        }
        if (withMask) {
            inputs.add(new Input("mask", "png", leftHalfWhite(width, height)));
        }
        List<ImageReference> refs = inputs.stream().filter(i -> i.field().startsWith("references["))
                .map(i -> new ImageReference("stored")).toList();
        ImageRequest request = new ImageRequest(ImageModel.GPT_IMAGE_1, "  a red   fox\n in snow ", height, width,
                null, null, withImage ? "stored" : null, withMask ? "stored" : null, refs);
        return new FakeTaskContext<>(ImageModel.GPT_IMAGE_1.taskName(), request, storage, inputs.toArray(Input[]::new));
    }

    private List<String> run(FakeTaskContext<ImageRequest> ctx) throws Exception {
        return new ImageTaskHandler(new GptImage1(client())).run(ctx).files();
    }

    /** A greyscale mask whose left half is white (change) and right half black (keep). */
    private static byte[] leftHalfWhite(int width, int height) {
        BufferedImage m = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return encode(m, "png");
    }

    /** The RGB of a part's top-left pixel. */
    private static int colour(Part p) {
        try {
            return p.image().getRGB(0, 0) & 0xffffff;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        return StreamSupport.stream(((Iterable<String>) n::fieldNames).spliterator(), false).toList();
    }

    @Test
    void textToImageSendsAGenerationAndStoresThePngAtTheReturnedSize() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false);

        List<String> files = run(ctx);

        OpenAiEmulator.Request sent = emulator.only("POST", GENERATIONS);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.KEY);
        assertThat(fieldNames(sent.json())).containsExactlyInAnyOrder("model", "prompt", "size", "quality", "n");
        assertThat(sent.json().path("model").asText()).isEqualTo("gpt-image-1.5");
        assertThat(sent.json().path("prompt").asText()).isEqualTo("a red fox in snow");
        assertThat(sent.json().path("size").asText()).isEqualTo("1536x1024");
        assertThat(sent.json().path("quality").asText()).isEqualTo("auto");
        assertThat(sent.json().path("n").asInt()).isEqualTo(1);
        assertThat(emulator.requests("POST", EDITS)).isEmpty();
        assertThat(files).hasSize(1).allMatch(k -> k.startsWith("images/gpt-image-1/") && k.endsWith("-0.png"));
        BufferedImage out = decode(ctx.read(files.get(0)));
        assertThat(out.getWidth()).isEqualTo(1536);
        assertThat(out.getHeight()).isEqualTo(1024);
    }

    @ParameterizedTest(name = "{0}x{1} asks for {2}")
    @CsvSource({"1280,720,1536x1024", "720,1280,1024x1536", "900,900,1024x1024"})
    void theRequestedSizeFollowsTheOrientation(int width, int height, String size) throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(width, height, false, false);

        List<String> files = run(ctx);

        assertThat(emulator.only("POST", GENERATIONS).json().path("size").asText()).isEqualTo(size);
        BufferedImage out = decode(ctx.read(files.get(0)));
        assertThat(out.getWidth() + "x" + out.getHeight()).isEqualTo(size);
    }

    @Test
    void imageToImageSendsOneImageToEditsAtTheInputImagesOrientation() throws Exception {
        // the request says landscape, the image is portrait: the image's size wins, as the original
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.GPT_IMAGE_1.taskName(),
                new ImageRequest(ImageModel.GPT_IMAGE_1, "make it night", 720, 1280, null, null, "stored", null, null),
                storage, new Input("image", "jpg", encode(solid(60, 80, Color.RED), "jpg")));

        List<String> files = run(ctx);

        OpenAiEmulator.Request sent = emulator.only("POST", EDITS);
        assertThat(sent.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.KEY);
        assertThat(sent.partNames()).containsExactly("model", "prompt", "size", "quality", "image[]");
        assertThat(sent.part("model").orElseThrow().text()).isEqualTo("gpt-image-1.5");
        assertThat(sent.part("prompt").orElseThrow().text()).isEqualTo("make it night");
        assertThat(sent.part("size").orElseThrow().text()).isEqualTo("1024x1536");
        assertThat(sent.part("quality").orElseThrow().text()).isEqualTo("auto");
        Part image = sent.part("image[]").orElseThrow();
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.filename()).endsWith(".png");
        assertThat(image.image().getWidth()).isEqualTo(60);
        assertThat(image.image().getHeight()).isEqualTo(80);
        assertThat(emulator.requests("POST", GENERATIONS)).isEmpty();
        assertThat(decode(ctx.read(files.get(0))).getHeight()).isEqualTo(1536);
    }

    @Test
    void referencesWithoutAnImageAreSentAsEditImagesInOrder() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false,
                new Input("references[0].image", "png", png(10, 10, Color.GREEN)),
                new Input("references[1].image", "png", png(12, 10, Color.BLUE)));

        run(ctx);

        OpenAiEmulator.Request sent = emulator.only("POST", EDITS);
        List<Part> images = sent.parts("image[]");
        assertThat(images).hasSize(2).allMatch(p -> p.contentType().equals("image/png"));
        assertThat(images).extracting(GptImage1Test::colour).containsExactly(0x00ff00, 0x0000ff);
        assertThat(sent.parts("mask")).isEmpty();
        assertThat(sent.part("size").orElseThrow().text()).isEqualTo("1536x1024");
    }

    @Test
    void imageToImageWithReferencesPutsTheImageFirst() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(40, 40, true, false,
                new Input("references[0].image", "png", png(10, 10, Color.GREEN)),
                new Input("references[1].image", "png", png(10, 10, Color.BLUE)));

        run(ctx);

        List<Part> images = emulator.only("POST", EDITS).parts("image[]");
        assertThat(images).extracting(GptImage1Test::colour)
                .containsExactly(0xff0000, 0x00ff00, 0x0000ff);
        assertThat(emulator.only("POST", EDITS).part("size").orElseThrow().text()).isEqualTo("1024x1024");
    }

    @Test
    void inpaintingSendsTheImageAndTheMaskWithTransparencyWhereTheMaskIsWhite() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(64, 48, true, true);

        List<String> files = run(ctx);

        OpenAiEmulator.Request sent = emulator.only("POST", EDITS);
        assertThat(sent.partNames()).containsExactly("model", "prompt", "size", "quality", "image[]", "mask");
        Part mask = sent.part("mask").orElseThrow();
        assertThat(mask.contentType()).isEqualTo("image/png");
        BufferedImage m = mask.image();
        assertThat(m.getColorModel().hasAlpha()).isTrue();
        assertThat(m.getWidth()).isEqualTo(64);
        assertThat(m.getHeight()).isEqualTo(48);
        assertThat(m.getRGB(5, 5) >>> 24).as("white mask = area to change = transparent").isZero();
        assertThat(m.getRGB(60, 40) >>> 24).as("black mask = keep = opaque").isEqualTo(255);
        assertThat(m.getRGB(60, 40) & 0xffffff).isZero();
        assertThat(sent.part("size").orElseThrow().text()).isEqualTo("1536x1024");
        assertThat(files).hasSize(1);
    }

    @Test
    void inpaintingWithReferencesSendsTheImageFirstSoTheMaskAppliesToIt() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(64, 48, true, true,
                new Input("references[0].image", "png", png(10, 10, Color.GREEN)));

        run(ctx);

        OpenAiEmulator.Request sent = emulator.only("POST", EDITS);
        assertThat(sent.partNames()).containsExactly("model", "prompt", "size", "quality", "image[]", "image[]",
                "mask");
        assertThat(sent.parts("image[]")).extracting(GptImage1Test::colour).containsExactly(0xff0000, 0x00ff00);
        assertThat(emulator.violations()).isEmpty(); // the mask matches the first image's size
    }

    @Test
    void aMaskOfAnotherSizeIsResizedToTheImageBeforeItIsSent() throws Exception {
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.GPT_IMAGE_1.taskName(),
                new ImageRequest(ImageModel.GPT_IMAGE_1, "fill", null, null, null, null, "stored", "stored", null),
                storage, new Input("image", "png", png(64, 48, Color.RED)),
                new Input("mask", "png", leftHalfWhite(32, 24)));

        run(ctx);

        BufferedImage m = emulator.only("POST", EDITS).part("mask").orElseThrow().image();
        assertThat(m.getWidth()).isEqualTo(64);
        assertThat(m.getHeight()).isEqualTo(48);
        assertThat(m.getRGB(2, 2) >>> 24).isZero();
        assertThat(m.getRGB(62, 46) >>> 24).isEqualTo(255);
    }

    @Test
    void anImageReturnedAsAnHttpUrlIsDownloadedWhenPrivateDownloadsAreAllowed() throws Exception {
        emulator.imageDelivery(OpenAiEmulator.ImageDelivery.HTTP_URL);
        FakeTaskContext<ImageRequest> ctx = task(720, 1280, false, false);

        List<String> files = run(ctx);

        assertThat(emulator.requests().stream().filter(r -> r.path().startsWith("/files/"))).hasSize(1);
        assertThat(decode(ctx.read(files.get(0))).getWidth()).isEqualTo(1024);
    }

    @Test
    void anImageUrlOnALoopbackAddressIsRefusedWithoutPrivateDownloads() throws Exception {
        emulator.imageDelivery(OpenAiEmulator.ImageDelivery.HTTPS_LOOPBACK_URL);
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false);
        var handler = new ImageTaskHandler(new GptImage1(client(false, LIMIT)));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("refusing to download the output from 127.0.0.1")
                .hasMessageContaining("private or local address");
        assertThat(emulator.requests().stream().filter(r -> r.path().startsWith("/files/"))).isEmpty();
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void anImageUrlOverPlainHttpIsRefusedWithoutPrivateDownloads() throws Exception {
        emulator.imageDelivery(OpenAiEmulator.ImageDelivery.HTTP_URL);
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false);
        var handler = new ImageTaskHandler(new GptImage1(client(false, LIMIT)));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("only HTTPS is allowed");
        assertThat(emulator.requests().stream().filter(r -> r.path().startsWith("/files/"))).isEmpty();
    }

    @Test
    void anOversizedImageIsRefused() throws Exception {
        emulator.outputBytes(300_000);
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false);
        var handler = new ImageTaskHandler(new GptImage1(client(true, 100_000)));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("openai gpt-image-1.5")
                .hasMessageContaining("exceeds the download limit of 100000 bytes");
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void aWorkerWithoutAnOpenAiKeyFailsBeforeCallingAnything() throws Exception {
        FakeTaskContext<ImageRequest> ctx = task(1280, 720, false, false);
        var handler = new ImageTaskHandler(new GptImage1(clientWithoutKey()));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OPENAI_API_KEY is not set on this worker");
        assertThat(emulator.requests()).isEmpty();
    }
}
