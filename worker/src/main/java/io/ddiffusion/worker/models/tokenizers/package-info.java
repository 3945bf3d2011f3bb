/** Pure-Java text tokenizers for local models: CLIP byte-level BPE (SDXL's text encoders) and BERT WordPiece (Grounding DINO). */
package io.ddiffusion.worker.models.tokenizers;
