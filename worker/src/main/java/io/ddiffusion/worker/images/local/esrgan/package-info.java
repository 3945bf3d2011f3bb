/** real-esrgan-x4: 4× super-resolution with a Real-ESRGAN x4plus ONNX export, run tile by tile with blended overlaps. */
package io.ddiffusion.worker.images.local.esrgan;
