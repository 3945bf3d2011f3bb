/**
 * Image models run by approved external providers (OpenAI, Replicate), one class per model id; each picks the mode
 * from the inputs, builds its provider's payload and reaches the provider through a shared client.
 */
package io.ddiffusion.worker.images.external;
