/** Live task events for clients: {@code GET /api/{domain}/{id}/events} as Server-Sent Events. */
package io.ddiffusion.api.events;
