package dev.orgexport.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00Z"));

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path root;

    private List<JsonNode> records(String... json) throws IOException {
        return Stream.of(json).map(text -> {
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_committed_file_holds_one_compact_line_per_record_and_its_facts_describe_the_uncompressed_bytes()
            throws Exception {
        FileSink sink = new FileSink(root);
        SinkResult result;
        try (SinkWriter writer = sink.open("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW, "worker-1")) {
            records("{ \"id\" : \"c1\", \"n\" : [1, 2] }", "{\"id\":\"c2\",\"text\":\"héllo\"}").forEach(writer::write);
            result = writer.commit(() -> true);
        }

        byte[] content = gunzip(Path.of(result.location()));
        String expected = "{\"id\":\"c1\",\"n\":[1,2]}\n{\"id\":\"c2\",\"text\":\"héllo\"}\n";
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(result.records()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        assertThat(result.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8))));
        assertThat(Path.of(result.location())).isEqualTo(root.resolve(
                "org-a/conversation-details/20240501T000000Z_20240501T010000Z.ndjson.gz"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(result.location())))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(Path.of(result.location()).getParent())) {
            assertThat(files).containsExactly(Path.of(result.location()));
        }
    }

    @Test
    void an_empty_export_is_an_empty_file_with_the_checksum_of_nothing() throws IOException {
        SinkResult result;
        try (SinkWriter writer = new FileSink(root).open("org-a", ExportKind.USER_DETAILS, WINDOW, "w")) {
            result = writer.commit(() -> true);
        }

        assertThat(gunzip(Path.of(result.location()))).isEmpty();
        assertThat(result.records()).isZero();
        assertThat(result.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void a_writer_closed_without_commit_leaves_nothing_behind() throws IOException {
        FileSink sink = new FileSink(root);
        Path temporary;
        try (SinkWriter writer = sink.open("org-a", ExportKind.AUDIT_EVENTS, WINDOW, "w")) {
            records("{\"a\":1}").forEach(writer::write);
            temporary = writer.temporary();
            assertThat(temporary).exists();
        }

        assertThat(temporary).doesNotExist();
        assertThat(sink.pathOf("org-a", ExportKind.AUDIT_EVENTS, WINDOW)).doesNotExist();
    }

    @Test
    void an_existing_file_is_left_unchanged_when_the_writer_may_not_replace_it() throws IOException {
        FileSink sink = new FileSink(root);
        try (SinkWriter first = sink.open("org-a", ExportKind.AUDIT_EVENTS, WINDOW, "w1")) {
            records("{\"first\":true}").forEach(first::write);
            first.commit(() -> true);
        }
        Path target = sink.pathOf("org-a", ExportKind.AUDIT_EVENTS, WINDOW);
        byte[] before = Files.readAllBytes(target);

        try (SinkWriter second = sink.open("org-a", ExportKind.AUDIT_EVENTS, WINDOW, "w2")) {
            records("{\"second\":true}").forEach(second::write);
            assertThatThrownBy(() -> second.commit(() -> false)).isInstanceOf(SinkConflictException.class);
            assertThat(second.temporary()).doesNotExist();
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(before);
    }

    @Test
    void an_existing_file_of_an_unfinished_run_is_replaced_by_its_holder() throws IOException {
        FileSink sink = new FileSink(root);
        try (SinkWriter first = sink.open("org-a", ExportKind.AUDIT_EVENTS, WINDOW, "w1")) {
            records("{\"first\":true}").forEach(first::write);
            first.commit(() -> true);
        }

        SinkResult second;
        try (SinkWriter writer = sink.open("org-a", ExportKind.AUDIT_EVENTS, WINDOW, "w2")) {
            records("{\"second\":true}").forEach(writer::write);
            second = writer.commit(() -> true);
        }

        assertThat(new String(gunzip(Path.of(second.location())), StandardCharsets.UTF_8)).isEqualTo("{\"second\":true}\n");
    }

    @Test
    void an_org_id_that_is_not_a_plain_directory_name_is_refused() {
        FileSink sink = new FileSink(root);

        assertThatThrownBy(() -> sink.pathOf("../etc", ExportKind.AUDIT_EVENTS, WINDOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../etc'");
    }

    @Test
    void instants_with_a_fraction_of_a_second_keep_it_in_the_file_name() {
        assertThat(FileSink.basic(Instant.parse("2024-05-01T00:00:00.250Z"))).isEqualTo("20240501T000000.250000000Z");
    }
}
