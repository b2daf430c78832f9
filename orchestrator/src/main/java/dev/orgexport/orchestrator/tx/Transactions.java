package dev.orgexport.orchestrator.tx;

import dev.orgexport.orchestrator.OrchestratorException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one PostgreSQL transaction: commit when it returns, roll back when it throws or
 * asks for it. An {@link SQLException} becomes an {@link OrchestratorException} naming the work.
 */
public final class Transactions {

    /** Work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} and commits. */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        return run(dataSource, what, work, true);
    }

    /** Runs {@code work} and rolls back whatever it wrote (a dry run). */
    public static <T> T rolledBack(DataSource dataSource, String what, Work<T> work) {
        return run(dataSource, what, work, false);
    }

    private static <T> T run(DataSource dataSource, String what, Work<T> work, boolean commit) {
        // The pool restores auto-commit when the connection is returned.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new OrchestratorException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
