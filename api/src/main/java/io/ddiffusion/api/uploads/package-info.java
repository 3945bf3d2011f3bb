/** {@code POST /api/uploads}: a file sent once, as a raw body or multipart, then named in tasks as upload:id. */
package io.ddiffusion.api.uploads;
