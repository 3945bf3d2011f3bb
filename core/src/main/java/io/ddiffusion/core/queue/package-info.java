/** The broker SPI (at-least-once, late ack, reclaim from dead workers) and its embedded implementation. */
package io.ddiffusion.core.queue;
