/** Redis implementations of the broker (Streams), the task store and the API key store, on one Lettuce client. */
package io.ddiffusion.redis;
