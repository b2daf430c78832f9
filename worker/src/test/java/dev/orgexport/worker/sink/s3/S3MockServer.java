package dev.orgexport.worker.sink.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests: Adobe S3Mock (a Spring Boot application that stores
 * objects and multipart uploads on disk, verifies checksums and answers conditional writes), in
 * this JVM on an ephemeral HTTP port, with its store in a temporary directory removed on close.
 */
public final class S3MockServer implements AutoCloseable {

    private final S3MockApplication application;
    private final Path root;
    private final URI endpoint;
    private final S3Client client;

    private S3MockServer(S3MockApplication application, Path root, URI endpoint) {
        this.application = application;
        this.root = root;
        this.endpoint = endpoint;
        this.client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Starts a server with these buckets. */
    public static S3MockServer start(String... buckets) {
        // Spring Boot would otherwise re-initialise logback for the whole test JVM.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        try {
            Path root = Files.createTempDirectory("s3mock");
            Map<String, Object> properties = new HashMap<>();
            properties.put(S3MockApplication.PROP_HTTP_PORT, 0);
            properties.put(S3MockApplication.PROP_HTTPS_PORT, 0);
            properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
            properties.put(S3MockApplication.PROP_SILENT, true);
            properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", buckets));
            properties.put("spring.main.banner-mode", "off");
            properties.put("server.address", "127.0.0.1");
            S3MockApplication application = S3MockApplication.start(properties);
            @SuppressWarnings("removal")
            int port = application.getHttpPort();
            return new S3MockServer(application, root, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of its own, for checking what the store holds. */
    public S3Client client() {
        return client;
    }

    /** Settings of the sink for a bucket of this server: path-style, static test credentials by reference. */
    public S3Settings settings(String bucket) {
        return S3Settings.of(bucket).withEndpoint(endpoint, true)
                .withCredentials(dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_KEY_ID"),
                        dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_SECRET"));
    }

    /** What {@link #settings} references resolve against. */
    public static dev.orgexport.platform.secret.SecretResolver secrets() {
        return dev.orgexport.platform.secret.SecretResolver.of(Map.of("S3_TEST_KEY_ID", "test", "S3_TEST_SECRET", "test"));
    }

    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    public List<String> unfinishedUploads(String bucket) {
        return client.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
                .map(u -> u.key() + "#" + u.uploadId()).toList();
    }

    public byte[] get(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void close() {
        client.close();
        application.stop();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
