/** Replicate's image models, one class per model id; each picks the mode from the inputs and builds its payload. */
package io.ddiffusion.worker.providers.replicate.images;
