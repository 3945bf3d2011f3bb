/** The task record and its legal state changes. */
package io.ddiffusion.core.task;
