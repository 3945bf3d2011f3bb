package io.ddiffusion.core.config;

import io.ddiffusion.core.storage.StorageKeys;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where blobs live when they are not on a shared volume: an S3-compatible bucket (AWS S3, MinIO, Ceph), so API and
 * worker nodes need no shared directory. Region and credentials come from the usual AWS variables; a missing
 * region is {@code us-east-1} rather than a lookup (the SDK's region chain may ask the EC2 metadata service).
 *
 * @param bucket from {@code DDIFFUSION_STORAGE_URL=s3://bucket/prefix}
 * @param prefix the key prefix inside the bucket, empty or ending in '/'
 * @param endpoint {@code DDIFFUSION_S3_ENDPOINT}, else {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL};
 *        empty means AWS S3
 * @param region {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else {@code us-east-1}
 * @param pathStyle {@code DDIFFUSION_S3_PATH_STYLE}: bucket in the path rather than the host name; the default is
 *        on with an endpoint (MinIO, Ceph, s3proxy) and off for AWS
 * @param credentials {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}); empty
 *        means the SDK's default chain (profile, web identity, container or instance role)
 * @param links {@code DDIFFUSION_STORAGE_SIGNED_URLS}: who serves a task's file links
 */
public record ObjectStoreSettings(String bucket, String prefix, Optional<URI> endpoint, String region,
        boolean pathStyle, Optional<Credentials> credentials, LinkMode links) {
    public static final String URL_VARIABLE = "DDIFFUSION_STORAGE_URL";
    public static final String ENDPOINT_VARIABLE = "DDIFFUSION_S3_ENDPOINT";
    public static final String LINKS_VARIABLE = "DDIFFUSION_STORAGE_SIGNED_URLS";
    /** S3's rule for bucket names (3–63 lower-case letters, digits, dots and hyphens). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Who serves the file links in task results. */
    public enum LinkMode {
        /** Our HMAC URLs on the API's {@code /api/files}, streamed from the store (the default). */
        API,
        /** S3 presigned GET URLs straight to the object store; they expose its host name to clients. */
        PRESIGNED
    }

    /** An access key pair; {@link #toString} never shows the secret or the token. */
    public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                    + sessionToken.map(t -> ", sessionToken=***").orElse("") + "]";
        }
    }

    /** The object store when {@code DDIFFUSION_STORAGE_URL} is set; empty means storage on the filesystem. */
    public static Optional<ObjectStoreSettings> from(Env env) {
        Optional<String> url = env.optional(URL_VARIABLE);
        LinkMode links = linkMode(env);
        Optional<URI> endpoint = env.optional(ENDPOINT_VARIABLE).map(v -> endpoint(ENDPOINT_VARIABLE, v))
                .or(() -> env.optional("AWS_ENDPOINT_URL_S3").map(v -> endpoint("AWS_ENDPOINT_URL_S3", v)))
                .or(() -> env.optional("AWS_ENDPOINT_URL").map(v -> endpoint("AWS_ENDPOINT_URL", v)));
        String region = env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElse("us-east-1");
        boolean pathStyle = env.bool("DDIFFUSION_S3_PATH_STYLE", endpoint.isPresent());
        Optional<String> keyId = env.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.optional("AWS_SECRET_ACCESS_KEY");
        Optional<String> token = env.optional("AWS_SESSION_TOKEN");
        if (url.isEmpty()) {
            if (links == LinkMode.PRESIGNED) {
                throw new InvalidSettingException(LINKS_VARIABLE + "=presigned needs an object store: set "
                        + URL_VARIABLE + "=s3://bucket/prefix");
            }
            return Optional.empty();
        }
        if (keyId.isPresent() != secret.isPresent()) {
            throw new InvalidSettingException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
        }
        Optional<Credentials> credentials = keyId.map(id -> new Credentials(id, secret.orElseThrow(), token));
        URI location = parse(url.get());
        String prefix = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
        if (!prefix.isEmpty() && !StorageKeys.isValid(prefix)) {
            throw new InvalidSettingException(URL_VARIABLE + " has an invalid prefix '" + prefix
                    + "': segments of letters, digits, '.', '_' and '-'");
        }
        return Optional.of(new ObjectStoreSettings(location.getAuthority(), prefix.isEmpty() ? "" : prefix + "/",
                endpoint, region, pathStyle, credentials, links));
    }

    /** The bucket and prefix as configured, for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    private static URI parse(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        // why: the authority, not the host: java.net.URI has no host for names it finds odd (e.g. with '_')
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getAuthority() == null || uri.getQuery() != null) {
            throw new InvalidSettingException(URL_VARIABLE + " must look like s3://bucket/prefix, got '" + value
                    + "'");
        }
        if (!BUCKET.matcher(uri.getAuthority()).matches()) {
            throw new InvalidSettingException(URL_VARIABLE + " names an invalid bucket '" + uri.getAuthority()
                    + "': 3 to 63 lower-case letters, digits, '.' and '-'");
        }
        return uri;
    }

    private static URI endpoint(String variable, String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidSettingException(variable + " must be an http(s) URL such as http://minio:9000, got '"
                + value + "'");
    }

    private static LinkMode linkMode(Env env) {
        String v = env.string(LINKS_VARIABLE, "api").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "api" -> LinkMode.API;
            case "presigned" -> LinkMode.PRESIGNED;
            default -> throw new InvalidSettingException(LINKS_VARIABLE + " must be api or presigned, got '" + v
                    + "'");
        };
    }
}
