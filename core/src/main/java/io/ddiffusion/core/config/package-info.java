/** Settings read from environment variables, shared by every role. */
package io.ddiffusion.core.config;
