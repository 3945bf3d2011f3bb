/** The local models' pinned weights: manifests in code, and the store that makes them available to pipelines. */
package io.ddiffusion.worker.models;
