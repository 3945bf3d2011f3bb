/** Files uploaded ahead of tasks ({@code POST /api/uploads}), named in media fields as {@code upload:<id>}. */
package io.ddiffusion.schema.uploads;
