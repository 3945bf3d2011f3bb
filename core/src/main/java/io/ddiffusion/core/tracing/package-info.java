/** The names of the spans and attributes API and workers export, and of the log context that carries them. */
package io.ddiffusion.core.tracing;
