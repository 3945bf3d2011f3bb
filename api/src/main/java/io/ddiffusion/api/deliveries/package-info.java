/**
 * The webhook dispatcher: sends what the outbox owes, with each domain's {@code GET} body. Its own package because it
 * depends on every domain's routes, and nothing depends on it (the domains' submits depend on the webhook rules).
 */
package io.ddiffusion.api.deliveries;
