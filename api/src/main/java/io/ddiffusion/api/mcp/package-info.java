/** The task routes as MCP tools at {@code /mcp}: same records, checks and keys as the REST API. */
package io.ddiffusion.api.mcp;
