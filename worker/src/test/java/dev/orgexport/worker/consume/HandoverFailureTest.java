package dev.orgexport.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.OrgexportException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class HandoverFailureTest {

    @Test
    void an_unreachable_database_or_broker_is_waited_out() {
        assertThat(HandoverFailure.of(new OrgexportException("x", new SQLException("gone", "08006")))).isEqualTo(HandoverFailure.UNREACHABLE);
        assertThat(HandoverFailure.of(new OrgexportException("x", new SQLException("shutdown", "57P01")))).isEqualTo(HandoverFailure.UNREACHABLE);
        assertThat(HandoverFailure.of(new RuntimeException(new SQLTransientConnectionException("pool timeout")))).isEqualTo(HandoverFailure.UNREACHABLE);
        assertThat(HandoverFailure.of(new OrgexportException("x", new NotLeaderOrFollowerException("moving")))).isEqualTo(HandoverFailure.UNREACHABLE);
    }

    @Test
    void data_postgresql_refuses_is_dead_lettered_at_once() {
        assertThat(HandoverFailure.of(new OrgexportException("x", new SQLException("invalid byte sequence", "22021")))).isEqualTo(HandoverFailure.DATA);
        assertThat(HandoverFailure.of(new OrgexportException("x", new SQLException("check violation", "23514")))).isEqualTo(HandoverFailure.DATA);
    }

    @Test
    void anything_else_is_tried_a_bounded_number_of_times() {
        assertThat(HandoverFailure.of(new IllegalStateException("bug"))).isEqualTo(HandoverFailure.OTHER);
        assertThat(HandoverFailure.of(new OrgexportException("x", new RecordTooLargeException("big")))).isEqualTo(HandoverFailure.OTHER);
    }
}
