/** Types shared by every domain: task status, providers, queues, identity, limits. */
package io.ddiffusion.schema.common;
