/** sam-2: Grounding DINO finds boxes for the text prompt, SAM 2.1 turns each box into a mask, composed into the original's colour mask. */
package io.ddiffusion.worker.images.local.sam;
