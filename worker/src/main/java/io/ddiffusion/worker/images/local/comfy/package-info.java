/**
 * The heavy local image models (FLUX.1, …) as pinned ComfyUI workflows: their weight files, and the pure mapping from
 * a request to the graph a ComfyUI sidecar runs.
 */
package io.ddiffusion.worker.images.local.comfy;
