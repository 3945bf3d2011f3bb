/** The JSON mapping used for stored records. */
package io.ddiffusion.core.json;
