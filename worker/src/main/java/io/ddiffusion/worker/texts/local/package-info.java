/** Text models run on this installation's own servers: {@code qwen-2} on a local OpenAI-compatible server. */
package io.ddiffusion.worker.texts.local;
