package io.ddiffusion.api.http;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.schema.common.Identity;

/** A caller whose user key checked out: the key, and who they say they are (identity headers, address). */
public record Authenticated(ApiKey key, Identity identity) {
}
