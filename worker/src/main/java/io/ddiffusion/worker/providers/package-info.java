/**
 * What every external provider client shares: retries with backoff, errors, multipart bodies and SSRF-safe output
 * downloads.
 */
package io.ddiffusion.worker.providers;
