/** depth-anything-2: relative depth from one image with the Depth-Anything-V2 ONNX export, as a greyscale PNG. */
package io.ddiffusion.worker.images.local.depth;
