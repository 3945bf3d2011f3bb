/** Diffusion sampling in pure Java: SDXL's noise schedule, Euler, Euler ancestral and DPM++ 2M schedulers over float[] latents, and seeded noise. */
package io.ddiffusion.worker.images.local.diffusion;
