/** The images domain on the worker side: context, handler interface and the runtime adapter. */
package io.ddiffusion.worker.images;
