/** The texts domain: requests that return text, the text model registry and the system prompt names. */
package io.ddiffusion.schema.texts;
