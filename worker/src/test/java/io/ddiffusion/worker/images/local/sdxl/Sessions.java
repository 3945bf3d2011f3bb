package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.onnx.OnnxEngine;

/** Leases on tiny models for component tests: one CPU engine, a residency with room for everything. */
final class Sessions implements AutoCloseable {
    private static final OnnxEngine ENGINE = OnnxEngine.start(OnnxDevice.CPU, line -> { });
    final ModelResidency residency = new ModelResidency(ENGINE, 1L << 30, line -> { });
    private final ModelPaths files;

    Sessions(ModelPaths files) {
        this.files = files;
    }

    Lease lease(String role) {
        return residency.acquire(ModelRef.of(role, files.path(role)), line -> { });
    }

    @Override
    public void close() {
        residency.close();
    }
}
