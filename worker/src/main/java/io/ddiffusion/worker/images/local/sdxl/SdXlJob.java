package io.ddiffusion.worker.images.local.sdxl;

/**
 * One sd-xl generation: prompt, size (multiples of 16), seed and guidance; for image-to-image the input image (CHW
 * in [-1, 1]) and strength; for inpainting also the mask.
 *
 * @param image CHW [3, height, width] in [-1, 1], or null for text-to-image
 * @param mask the area to repaint at image size, row-major in [0, 1], or null unless inpainting
 * @param strength the share of the schedule to run from the noised image (1.0 for text-to-image)
 */
record SdXlJob(String prompt, int width, int height, long seed, double strength, double guidance, float[] image,
        InpaintMask mask) {

    SdXlJob {
        if (width % 16 != 0 || height % 16 != 0) {
            throw new IllegalArgumentException("sd-xl sizes must be multiples of 16, not " + width + "×" + height);
        }
        if (mask != null && image == null) {
            throw new IllegalArgumentException("a mask needs an image");
        }
    }

    String mode() {
        return image == null ? "text-to-image" : mask == null ? "image-to-image" : "inpainting";
    }
}
