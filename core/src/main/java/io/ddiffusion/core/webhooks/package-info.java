/**
 * Webhooks: what a task's create request asked to be called for, and the outbox of messages to send. The task stores
 * schedule a message in the same step as the change that calls for it (the outbox is kept by the broker, so a
 * restart loses nothing); API nodes claim due messages, send them and record the answer.
 */
package io.ddiffusion.core.webhooks;
