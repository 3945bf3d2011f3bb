/**
 * Local image models on ONNX Runtime (sd-xl, depth-anything-2, sam-2, real-esrgan-x4): one sub-package per
 * pipeline, and the shared runtime that gives them their weights and resident sessions.
 */
package io.ddiffusion.worker.images.local;
