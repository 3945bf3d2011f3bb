/** Image and video helpers shared by handlers: decoding, resampling, tensor conversion, tiling, depth and mask outputs. */
package io.ddiffusion.worker.media;
