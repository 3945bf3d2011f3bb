/**
 * Webhooks at the API: checking a create request's webhook, signing messages per Standard Webhooks, and the
 * dispatcher that sends what the outbox owes from every API node.
 */
package io.ddiffusion.api.webhooks;
