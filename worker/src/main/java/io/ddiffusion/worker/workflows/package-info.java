/** The workflows domain on the worker side: user-supplied ComfyUI workflows run on the ComfyUI sidecar. */
package io.ddiffusion.worker.workflows;
