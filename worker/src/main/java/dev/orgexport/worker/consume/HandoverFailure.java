package dev.orgexport.worker.consume;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What a failure to hand a record over says about the record. Decided once, here:
 * <ul>
 *   <li>{@link #UNREACHABLE}: PostgreSQL or the broker could not be reached (SQL states 08, 53, 57P,
 *       a pool timeout, a retriable Kafka error). Nothing could be recorded about the record either,
 *       so it is tried again, with backoff, for as long as that lasts: readiness reports the stall.</li>
 *   <li>{@link #DATA}: PostgreSQL refused the data (SQL state classes 22 and 23). Trying again
 *       cannot help: the record is dead-lettered at once.</li>
 *   <li>{@link #OTHER}: anything else. Tried again a bounded number of times, then dead-lettered.</li>
 * </ul>
 */
enum HandoverFailure {
    UNREACHABLE, DATA, OTHER;

    static HandoverFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return UNREACHABLE;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return DATA;
                }
                if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                        || t instanceof SQLNonTransientConnectionException
                        || (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")))) {
                    return UNREACHABLE;
                }
            }
        }
        return OTHER;
    }
}
