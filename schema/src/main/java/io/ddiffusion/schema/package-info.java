/** Records, constraints and model registries defined once and shared by the API and the workers. */
package io.ddiffusion.schema;
