package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code topazlabs-upscale}: Topaz Labs' image upscaler, 4x, PNG out, no face enhancement. */
public final class TopazlabsUpscale implements ImageHandler {
    static final String MODEL = "topazlabs/image-upscale";

    private final ReplicateClient client;

    public TopazlabsUpscale(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.TOPAZLABS_UPSCALE;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        var image = c.image().orElseThrow(() -> new IllegalArgumentException(
                "Model 'topazlabs-upscale' needs an image to upscale."));
        return client.generateImage(MODEL, payload(client.image(image, MODEL, c.task())), c.task());
    }

    static Map<String, Object> payload(String image) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("image", image);
        input.put("upscale_factor", "4x");
        input.put("output_format", "png");
        input.put("face_enhancement", false);
        return input;
    }
}
