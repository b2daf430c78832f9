package dev.orgexport.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void the_database_is_replaced_and_server_and_parameters_are_kept() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "runs_1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/runs_1");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.internal:5432/test?sslmode=disable&user=x", "runs_1"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/runs_1?sslmode=disable&user=x");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h1:5432,h2:5433/", "runs_1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/runs_1");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost?ssl=false", "runs_1"))
                .isEqualTo("jdbc:postgresql://localhost/runs_1?ssl=false");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql:postgres", "runs_1"))
                .isEqualTo("jdbc:postgresql:runs_1");
    }

    @Test
    void redaction_hides_parameters_that_may_hold_credentials() {
        assertThat(JdbcUrls.redacted("jdbc:postgresql://h:5432/db?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://h:5432/db?<parameters hidden>")
                .doesNotContain("secret");
    }

    @Test
    void a_url_of_another_database_kind_is_refused_without_showing_its_parameters() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/db?password=secret", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JDBC URL must start with 'jdbc:postgresql:', but was 'jdbc:mysql://h/db?<parameters hidden>'");
    }
}
