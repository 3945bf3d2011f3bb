/**
 * Registers every model handler of the build: found in the worker's class index, built from the worker's shared
 * services, nothing listed by hand.
 */
package io.ddiffusion.worker.builtin;
