package dev.orgexport.cli;

import dev.orgexport.devstack.kafka.TopicContents;
import dev.orgexport.schema.task.ExportKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@link EndToEndIT} reads back to judge the system, each straight from its source and
 * never through the code under test: {@code export_run} and {@code outbox} rows by SQL, the files
 * by decompressing and hashing them, Kafka topics with a plain consumer.
 */
final class EndToEndEvidence {

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private EndToEndEvidence() {
    }

    /** One (org, kind, window) the schedules owe. */
    record Window(String orgId, ExportKind kind, Instant start, Instant end) {

        /** Where the worker README says its file goes: {@code <root>/<org>/<kind>/<start>_<end>.ndjson.gz}. */
        Path file(Path root) {
            return root.toAbsolutePath().normalize().resolve(orgId).resolve(kind.wireName())
                    .resolve(BASIC.format(start) + "_" + BASIC.format(end) + ".ndjson.gz");
        }

        @Override
        public String toString() {
            return orgId + "/" + kind.wireName() + "/" + start + "/" + end;
        }
    }

    /** One {@code export_run} row, with the number of outbox rows (tasks) written for it. */
    record RunRow(UUID runId, Window window, String state, int attempt, Instant nextAttemptAt, String location,
                  Long records, Long bytes, String sha256, String lastFailureKind, int tasks) {
    }

    /** Counts of the run table and outbox that tell whether the system has come to rest. */
    record Activity(long runs, long busy, long broken, long unpublished) {
    }

    /** The uncompressed contents of one {@code .ndjson.gz} file: lines, bytes, SHA-256. */
    record FileFacts(long records, long bytes, String sha256) {
    }

    /**
     * @param now runs waiting for a retry due at or before {@code now} count as busy: the sweeper
     *            owes them a new task
     */
    static Activity activity(DataSource dataSource, Instant now) throws SQLException {
        String sql = "SELECT count(*) AS runs, "
                + "count(*) FILTER (WHERE state IN ('QUEUED', 'RUNNING') "
                + "  OR (state = 'RETRY_WAIT' AND next_attempt_at <= ?)) AS busy, "
                + "count(*) FILTER (WHERE state IN ('FAILED', 'CANCELLED')) AS broken, "
                + "(SELECT count(*) FROM outbox WHERE published_at IS NULL) AS unpublished FROM export_run";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Activity(rows.getLong("runs"), rows.getLong("busy"), rows.getLong("broken"),
                        rows.getLong("unpublished"));
            }
        }
    }

    static List<RunRow> runs(DataSource dataSource) throws SQLException {
        String sql = "SELECT r.run_id, r.org_id, r.kind, r.window_start, r.window_end, r.state, r.attempt, "
                + "r.next_attempt_at, r.result_location, r.record_count, r.byte_count, r.sha256, r.last_failure_kind, "
                + "(SELECT count(*) FROM outbox o WHERE o.topic = 'orgexport.tasks' AND o.payload->>'runId' = r.run_id::text) AS tasks "
                + "FROM export_run r ORDER BY r.org_id, r.kind, r.window_start";
        List<RunRow> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Window window = new Window(rows.getString("org_id"), ExportKind.fromWireName(rows.getString("kind")),
                        instant(rows, "window_start"), instant(rows, "window_end"));
                result.add(new RunRow(rows.getObject("run_id", UUID.class), window, rows.getString("state"),
                        rows.getInt("attempt"), instant(rows, "next_attempt_at"), rows.getString("result_location"),
                        rows.getObject("record_count", Long.class), rows.getObject("byte_count", Long.class),
                        rows.getString("sha256"), rows.getString("last_failure_kind"), rows.getInt("tasks")));
            }
        }
        return result;
    }

    /** Audit rows of failures and warnings (authentication, rejected tasks, skipped windows); a healthy run has none. */
    static List<String> troubleAuditRows(DataSource dataSource) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT org_id, action, message_code, message FROM audit_event WHERE status <> 'SUCCESS' "
                             + "ORDER BY event_date");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + ": " + rows.getString(4));
            }
        }
        return result;
    }

    static FileFacts read(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new FileFacts(lines, bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Every regular file under {@code root}, temporary ones included. */
    static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        }
    }

    /** Every record value of {@code topic}, from the beginning to the end offsets as of the call. */
    static List<byte[]> topicValues(String bootstrapServers, String topic) {
        return TopicContents.readAll(bootstrapServers, topic, Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value).toList();
    }


    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
