package dev.orgexport.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshDatabaseTest {

    @Test
    void to_string_never_shows_the_password() {
        FreshDatabase database = new FreshDatabase("runs_1", "jdbc:postgresql://h:5432/runs_1?password=in-url",
                "postgres", "s3cret");

        assertThat(database.toString())
                .contains("runs_1", "postgres", "<masked>")
                .doesNotContain("s3cret")
                .doesNotContain("in-url");
    }
}
