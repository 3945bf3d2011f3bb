/** The images domain: requests and responses that return image files, and the image model registry. */
package io.ddiffusion.schema.images;
