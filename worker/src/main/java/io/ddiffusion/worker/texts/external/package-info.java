/** Text models run by OpenAI (Responses API), one class per model id. */
package io.ddiffusion.worker.texts.external;
