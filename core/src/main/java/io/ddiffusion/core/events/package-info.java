/** A task's event log: every change of status, progress and log, kept briefly, readable after an id and watchable. */
package io.ddiffusion.core.events;
