package dev.orgexport.cli.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** The readiness checks of {@code /health/ready}: PostgreSQL and Kafka answer within 2 s. */
public final class ReadinessChecks {

    private static final int TIMEOUT_SECONDS = 2;

    private ReadinessChecks() {
    }

    public static OpsServer.ReadinessCheck postgres(DataSource dataSource) {
        return () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(TIMEOUT_SECONDS) ? null : "connection is not valid";
            } catch (SQLException e) {
                return "PostgreSQL does not answer: " + e.getMessage();
            }
        };
    }

    public static OpsServer.ReadinessCheck kafka(Admin admin) {
        return () -> {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_SECONDS * 1000))
                        .nodes().get(TIMEOUT_SECONDS + 1L, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return "Kafka does not answer: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        };
    }
}
