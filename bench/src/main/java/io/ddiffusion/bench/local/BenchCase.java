package io.ddiffusion.bench.local;

import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.local.LocalRuntime;
import java.util.Map;
import java.util.function.Function;

/**
 * One pipeline to measure: its handler, built on the runtime under test, and the task it runs every time.
 *
 * @param model the model name (the manifest's and the task's)
 * @param workload what one run does, in words, for the results
 * @param inputs the task's stored inputs by field ({@code image})
 */
record BenchCase(String model, String workload, ImageRequest request, Map<String, byte[]> inputs,
        Function<LocalRuntime, ImageHandler> handler) {
}
