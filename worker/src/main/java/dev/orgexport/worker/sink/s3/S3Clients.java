package dev.orgexport.worker.sink.s3;

import dev.orgexport.platform.secret.SecretResolver;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the SDK's S3 client from {@link S3Settings}. */
final class S3Clients {

    /** One request, connect to last byte; a part of 512 MiB at 10 MB/s fits. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(2);

    private S3Clients() {
    }

    /**
     * A client over the JDK's HttpURLConnection. Checksums are ours: the sink computes each part's
     * SHA-256 while it fills the part and sends it in {@code x-amz-checksum-sha256}, so the SDK is
     * told to add checksums only where S3 requires one.
     *
     * @throws dev.orgexport.platform.secret.SecretUnavailableException when a credentials reference
     *                                                                  cannot be read
     */
    static S3Client build(S3Settings settings, SecretResolver secrets) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // Plain bodies with the checksum in a header, not aws-chunked framing: every part is in memory
                // already, and stores that check x-amz-checksum-sha256 on a plain body are the wider set.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .credentialsProvider(credentials(settings, secrets))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED)
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        // AWS's standard classification: 503 SlowDown and other throttling, 500, 502, 503,
                        // 504 and I/O errors are retried with jittered backoff; every part's body is replayable.
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)))
                                .build()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings, SecretResolver secrets) {
        if (settings.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        // Resolved once at start-up; the values live only inside the SDK's credentials object.
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                secrets.resolve(settings.accessKeyId()).reveal(), secrets.resolve(settings.secretAccessKey()).reveal()));
    }
}
