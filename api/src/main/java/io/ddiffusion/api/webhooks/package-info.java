/**
 * Webhooks at the API: checking a create request's webhook, where messages may go, signing them per Standard
 * Webhooks and sending one; the dispatcher that uses these is in {@code io.ddiffusion.api.deliveries}.
 */
package io.ddiffusion.api.webhooks;
