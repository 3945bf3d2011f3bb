/** The workflows domain: ComfyUI API-format graphs with patches, run on the comfy queue. */
package io.ddiffusion.schema.workflows;
