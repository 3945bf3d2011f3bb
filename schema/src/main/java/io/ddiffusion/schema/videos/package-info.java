/** The videos domain: requests that return videos, and the video model registry. */
package io.ddiffusion.schema.videos;
