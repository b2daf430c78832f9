package dev.orgexport.worker.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.secret.SecretRef;
import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    private static final S3Settings BASE = S3Settings.of("exports-bucket");

    @Test
    void defaultsAreAwsInUsEast1WithTheDefaultCredentialsChain() {
        assertThat(BASE.endpoint()).isNull();
        assertThat(BASE.region()).isEqualTo("us-east-1");
        assertThat(BASE.prefix()).isEmpty();
        assertThat(BASE.accessKeyId()).isNull();
        assertThat(BASE.partSize()).isEqualTo(8 * 1024 * 1024);
        assertThat(BASE.key("org/kind/a_b.ndjson.gz")).isEqualTo("org/kind/a_b.ndjson.gz");
        assertThat(BASE.withPrefix("exports/prod").key("org/kind/a_b.ndjson.gz")).isEqualTo("exports/prod/org/kind/a_b.ndjson.gz");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> S3Settings.of("Bad_Bucket")).hasMessageContaining("worker.s3.bucket").hasMessageContaining("'Bad_Bucket'");
        assertThatThrownBy(() -> BASE.withPrefix("/leading")).hasMessageContaining("worker.s3.prefix").hasMessageContaining("'/leading'");
        assertThatThrownBy(() -> BASE.withPrefix("trailing/")).hasMessageContaining("worker.s3.prefix");
        assertThatThrownBy(() -> BASE.withPrefix("a/../b")).hasMessageContaining("worker.s3.prefix");
        assertThatThrownBy(() -> BASE.withEndpoint(URI.create("ftp://store"), true)).hasMessageContaining("worker.s3.endpoint");
        assertThatThrownBy(() -> BASE.withPartSize(1024)).hasMessageContaining("worker.s3.part-size").hasMessageContaining("1024");
        assertThatThrownBy(() -> BASE.withMaxAttempts(0)).hasMessageContaining("worker.s3.max-attempts");
        assertThatThrownBy(() -> BASE.withCredentials(SecretRef.parse("env:KEY_ID"), null))
                .hasMessageContaining("worker.s3.access-key-id and worker.s3.secret-access-key must be set together");
        assertThatThrownBy(() -> BASE.withEncryption(S3Settings.Encryption.AES256, "key-1"))
                .hasMessageContaining("worker.s3.sse-kms-key-id");
        assertThatThrownBy(() -> S3Settings.Encryption.parse("aes")).hasMessageContaining("worker.s3.sse").hasMessageContaining("'aes'");
        assertThat(S3Settings.Encryption.parse("aws:kms")).isEqualTo(S3Settings.Encryption.KMS);
    }
}
