/**
 * Local inference on ONNX Runtime: the engine (CPU or CUDA), models with typed float/int tensors that convert to
 * whatever precision an export declares, and the residency manager that keeps loaded sessions within a memory budget.
 */
package io.ddiffusion.worker.models.onnx;
