/** sd-xl on ONNX Runtime: two CLIP text encoders, a guided UNet walked down by a scheduler, and the SDXL VAE. */
package io.ddiffusion.worker.images.local.sdxl;
