/** The worker runtime: dispatch, heartbeats, reclaim, cancellation, time limits and the handler SPI. */
package io.ddiffusion.worker.runtime;
