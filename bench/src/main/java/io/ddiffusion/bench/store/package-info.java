/**
 * The embedded store's footprint: live heap and CPU per task that goes through the in-memory store and event log as
 * a task of {@code serve} does. Run by hand; see {@code bench/README.md}.
 */
package io.ddiffusion.bench.store;
