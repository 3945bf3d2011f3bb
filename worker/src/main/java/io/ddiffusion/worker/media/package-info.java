/** Image and video helpers shared by handlers. */
package io.ddiffusion.worker.media;
