/**
 * ComfyUI graphs as values: the API-format graph ({@link io.ddiffusion.worker.comfy.ComfyGraph}), the
 * version-controlled templates the local models run, their checks against ComfyUI's node definitions, and the model
 * files those graphs load, with the ComfyUI models folder each belongs in. Pure: nothing here talks to a sidecar.
 */
package io.ddiffusion.worker.comfy;
