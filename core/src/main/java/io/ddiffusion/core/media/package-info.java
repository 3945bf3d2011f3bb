/** Sniffing, header-only sizing and base64 decoding of the images and videos that tasks take as inputs. */
package io.ddiffusion.core.media;
