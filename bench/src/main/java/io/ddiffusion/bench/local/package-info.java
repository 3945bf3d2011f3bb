/**
 * The local-models benchmark: runs the worker's ONNX pipelines in-process, on tiny stand-in models (the pipelines' own
 * overhead) or on the real pinned weights (model compute, GPU memory). Started by {@code bench/run-local-models.sh}.
 */
package io.ddiffusion.bench.local;
