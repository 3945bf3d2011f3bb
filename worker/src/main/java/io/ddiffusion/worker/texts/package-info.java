/** The texts domain on the worker side: context, handler interface and the runtime adapter. */
package io.ddiffusion.worker.texts;
