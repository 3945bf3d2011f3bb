/** Files uploaded ahead of a task ({@code POST /api/uploads}): who owns each one and when it expires. */
package io.ddiffusion.core.uploads;
