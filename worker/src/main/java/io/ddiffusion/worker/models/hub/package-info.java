/** A downloader for pinned Hugging Face Hub files that reads and writes the exact {@code huggingface_hub} cache layout. */
package io.ddiffusion.worker.models.hub;
