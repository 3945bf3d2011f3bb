/** The Replicate client (predictions, polling, logs, cancellation, files, outputs) and the registration hook. */
package io.ddiffusion.worker.providers.replicate;
