/**
 * The ComfyUI sidecar as the worker uses it: its HTTP and WebSocket protocol (as ComfyUI's server.py and
 * execution.py implement it), the sidecar check that tells which workflows can run, and one prompt's run from
 * upload to stored outputs.
 */
package io.ddiffusion.worker.workflows.comfy;
