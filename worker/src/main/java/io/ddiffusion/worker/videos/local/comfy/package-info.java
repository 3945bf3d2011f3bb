/**
 * The heavy local video models (Wan 2.2, …) as pinned ComfyUI workflows: their weight files, and the pure mapping from
 * a request to the graph a ComfyUI sidecar runs.
 */
package io.ddiffusion.worker.videos.local.comfy;
