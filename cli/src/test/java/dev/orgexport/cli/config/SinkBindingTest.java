package dev.orgexport.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.sink.SinkSettings;
import dev.orgexport.worker.sink.s3.S3Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkBindingTest {

    private static WorkerConfig worker(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("worker.id", "worker-1");
        return WorkerBinding.config(Configuration.of(all, "test"), Map.of());
    }

    @Test
    void theFileSinkIsTheDefault() {
        assertThat(worker(Map.of()).sink()).isEqualTo(SinkSettings.FILE);
    }

    @Test
    void everyS3KeyReachesTheSettings() {
        WorkerConfig config = worker(Map.ofEntries(
                Map.entry("worker.sink", "s3"),
                Map.entry("worker.s3.endpoint", "http://minio:9000"),
                Map.entry("worker.s3.region", "eu-west-1"),
                Map.entry("worker.s3.bucket", "exports"),
                Map.entry("worker.s3.prefix", "genesys/prod"),
                Map.entry("worker.s3.path-style", "true"),
                Map.entry("worker.s3.access-key-id", "env:S3_KEY_ID"),
                Map.entry("worker.s3.secret-access-key", "file:/run/secrets/s3"),
                Map.entry("worker.s3.sse", "aws:kms"),
                Map.entry("worker.s3.sse-kms-key-id", "alias/exports"),
                Map.entry("worker.s3.part-size", "16777216"),
                Map.entry("worker.s3.max-attempts", "10"),
                Map.entry("worker.s3.abandoned-upload-age", "6h")));
        assertThat(config.sink().kind()).isEqualTo(SinkSettings.Kind.S3);
        assertThat(config.sink().abandonedUploadAge()).isEqualTo(Duration.ofHours(6));
        assertThat(config.sink().s3()).isEqualTo(new S3Settings(URI.create("http://minio:9000"), "eu-west-1", "exports",
                "genesys/prod", true, SecretRef.parse("env:S3_KEY_ID"), SecretRef.parse("file:/run/secrets/s3"),
                S3Settings.Encryption.KMS, "alias/exports", 16 * 1024 * 1024, 10));
    }

    @Test
    void wrongCombinationsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> worker(Map.of("worker.sink", "s3"))).hasMessageContaining("worker.s3.bucket must be set");
        assertThatThrownBy(() -> worker(Map.of("worker.s3.bucket", "exports")))
                .hasMessageContaining("worker.s3.bucket is set but worker.sink is file");
        assertThatThrownBy(() -> worker(Map.of("worker.sink", "gcs"))).hasMessageContaining("worker.sink must be file or s3");
        assertThatThrownBy(() -> worker(Map.of("worker.sink", "s3", "worker.s3.bucket", "exports",
                "worker.s3.part-size", "1000"))).hasMessageContaining("worker.s3.part-size");
    }

    @Test
    void aLiteralSecretKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> worker(Map.of("worker.sink", "s3", "worker.s3.bucket", "exports",
                "worker.s3.access-key-id", "env:S3_KEY_ID", "worker.s3.secret-access-key", "wJalrXUtnFEMIK7MDENGbPxRfiCY")))
                .hasMessageContaining("worker.s3.secret-access-key").hasMessageNotContaining("wJalrXUtnFEMIK7MDENGbPxRfiCY");
    }
}
