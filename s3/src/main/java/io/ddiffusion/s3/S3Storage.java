package io.ddiffusion.s3;

import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.core.config.ObjectStoreSettings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Opens {@link S3BlobStorage} from the settings and checks at once that the bucket answers, so a wrong URL, bucket
 * or key fails the start with a message naming the variable to fix (never a credential).
 */
public final class S3Storage {
    /** SigV4 presigned URLs live at most seven days. */
    public static final Duration MAX_PRESIGNED_LIFETIME = Duration.ofDays(7);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private S3Storage() {
    }

    /** The storage, after a HEAD on the bucket; throws {@link InvalidSettingException} naming what to fix. */
    public static S3BlobStorage open(ObjectStoreSettings settings) {
        return open(settings, S3BlobStorage.Options.DEFAULT);
    }

    static S3BlobStorage open(ObjectStoreSettings settings, S3BlobStorage.Options options) {
        AwsCredentialsProvider credentials = credentials(settings);
        Region region = Region.of(settings.region());
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3)
                // why: MinIO, Ceph and older stores reject the SDK's default CRC trailers on every PUT
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT).build());
        var presigner = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3);
        settings.endpoint().ifPresent(e -> {
            builder.endpointOverride(e);
            presigner.endpointOverride(e);
        });
        S3BlobStorage storage = new S3BlobStorage(builder.build(), presigner.build(), settings.bucket(),
                settings.prefix(), options);
        try {
            storage.checkBucket();
        } catch (SdkException e) {
            storage.close();
            throw new InvalidSettingException(explain(settings, e));
        }
        return storage;
    }

    private static AwsCredentialsProvider credentials(ObjectStoreSettings settings) {
        return settings.credentials().<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                c.sessionToken().<AwsCredentials>map(
                        t -> AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), t))
                        .orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()))))
                // why: without a key pair, the SDK's chain (profile, web identity, container or instance role)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    static String explain(ObjectStoreSettings settings, SdkException e) {
        String where = settings.location() + " at " + settings.endpoint().map(URI::toString)
                .orElse("AWS S3 (" + settings.region() + ")");
        if (e instanceof S3Exception s3) {
            return switch (s3.statusCode()) {
                case 404 -> ObjectStoreSettings.URL_VARIABLE + ": no bucket '" + settings.bucket() + "' in " + where;
                case 301, 400 -> ObjectStoreSettings.URL_VARIABLE + ": bucket '" + settings.bucket()
                        + "' is not reachable as configured (" + s3.statusCode() + "): check AWS_REGION and "
                        + "DDIFFUSION_S3_PATH_STYLE for " + where;
                case 401, 403 -> "the object store refused the credentials for " + where + " (" + s3.statusCode()
                        + "): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket's policy";
                default -> "the object store answered " + s3.statusCode() + " for " + where;
            };
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return "no AWS credentials for " + where + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
        }
        return "cannot reach the object store for " + where + " (check " + ObjectStoreSettings.ENDPOINT_VARIABLE
                + " or AWS_ENDPOINT_URL): " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
