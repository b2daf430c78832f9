package dev.orgexport.schema.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.schema.OrgexportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Golden files: what was once written must still read, and write back byte for byte. */
class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    private static String golden(String name) throws IOException {
        try (InputStream in = EventCodecTest.class.getResourceAsStream("/golden/export-event/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"succeeded.json", "failed.json"})
    void a_golden_event_reads_and_writes_back_unchanged(String file) throws IOException {
        String json = golden("roundtrip/" + file);

        ExportEvent event = codec.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(codec.write(event), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void fields_added_by_a_newer_producer_are_ignored() throws IOException {
        ExportEvent event = codec.read(golden("compatible/succeeded-with-unknown-fields.json").getBytes(StandardCharsets.UTF_8));

        assertThat(event).isInstanceOf(ExportSucceeded.class);
        assertThat(new String(codec.write(event), StandardCharsets.UTF_8))
                .isEqualTo(golden("compatible/succeeded-with-unknown-fields.expected.json"));
    }

    @Test
    void an_event_of_an_unknown_schema_is_refused_by_name() {
        assertThatThrownBy(() -> codec.read("{\"schema\":\"orgexport.export-succeeded/2\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OrgexportException.class)
                .hasMessageContaining("unknown event schema 'orgexport.export-succeeded/2'");
    }

    @Test
    void a_succeeded_event_needs_a_well_formed_checksum() {
        assertThatThrownBy(() -> codec.read(golden("roundtrip/succeeded.json").replace("9f86d0", "XYZ")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OrgexportException.class);
    }
}
