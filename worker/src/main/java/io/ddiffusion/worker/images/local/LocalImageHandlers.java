package io.ddiffusion.worker.images.local;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.images.local.depth.DepthAnything2;
import io.ddiffusion.worker.images.local.depth.DepthPngBits;
import io.ddiffusion.worker.images.local.esrgan.RealEsrganX4;
import io.ddiffusion.worker.images.local.sam.Sam2;
import io.ddiffusion.worker.images.local.sdxl.SdXl;
import io.ddiffusion.worker.images.local.sdxl.SdXlSettings;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.core.config.Settings.Models.OnnxDevice;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Registers the local image models on ONNX Runtime. They share one {@link LocalRuntime} per worker: the weights come
 * from the Hugging Face cache (downloaded on first use when allowed), sessions stay resident within the memory
 * budget, and the worker publishes which models it holds.
 */
public final class LocalImageHandlers implements HandlerProvider {
    private static final Logger LOG = Logger.getLogger(LocalImageHandlers.class);

    @Override
    public void register(HandlerRegistry.Builder registry, Settings settings) {
        Settings.Models models = settings.models();
        LocalRuntime runtime = new LocalRuntime(LocalRuntime.Weights.of(ModelWeights.from(models)),
                models.onnxDevice(), models.memoryBytes(), LOG::info);
        Settings.Models.Pipelines p = models.pipelines();
        for (ImageHandler handler : List.of(
                new SdXl(runtime, SdXlSettings.defaults().withScheduler(SdXlSettings.parseScheduler(
                        p.sdxlScheduler()))),
                new DepthAnything2(runtime, DepthPngBits.parse(String.valueOf(p.depthPngBits()))),
                new RealEsrganX4(runtime, new RealEsrganX4.Settings(p.esrganTileSize(), p.esrganTileOverlap(),
                        p.esrganMaxOutputPixels())),
                new Sam2(runtime))) {
            registry.register(handler.model().taskName(), new ImageTaskHandler(handler));
        }
        registry.modelStatus(new HandlerRegistry.ModelStatus() {
            @Override
            public List<String> loadedModels() {
                return runtime.loadedModels();
            }

            @Override
            public Optional<String> device() {
                return runtime.started() ? Optional.of(runtime.device().name().toLowerCase(java.util.Locale.ROOT))
                        : Optional.empty();
            }
        });
    }
}
