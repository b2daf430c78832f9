package dev.orgexport.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig.DataSizing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {

    private static final Instant START = Instant.parse("2024-03-10T05:17:00Z");
    private static final Instant END = Instant.parse("2024-03-10T09:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(ExportKind.class)
    void records_survive_a_jackson_parse_and_compact_write_byte_for_byte(ExportKind kind) throws Exception {
        DataGenerator generator = new DataGenerator(DataSizing.DEFAULT);

        List<ObjectNode> records = generator.records(RecordQuery.canonical("org-x", kind, START, END));

        assertThat(records).isNotEmpty();
        for (ObjectNode record : records) {
            String compact = generator.compact(record);
            assertThat(mapper.writeValueAsString(mapper.readTree(compact))).isEqualTo(compact);
            assertThat(compact).doesNotContain("\n");
        }
    }

    @Test
    void records_have_the_platform_shapes_floats_wrap_up_code_ids_and_audit_fields() {
        DataGenerator generator = new DataGenerator(DataSizing.DEFAULT);
        Instant end = START.plus(Duration.ofHours(12));
        List<ObjectNode> conversations = generator.records(RecordQuery.canonical("org-x", ExportKind.CONVERSATION_DETAILS, START, end));
        List<ObjectNode> audits = generator.records(RecordQuery.canonical("org-x", ExportKind.AUDIT_EVENTS, START, end));

        assertThat(conversations).anySatisfy(c -> assertThat(c.get("mediaStatsMinConversationMos").isFloatingPointNumber()).isTrue());
        assertThat(conversations.toString()).containsPattern("\"wrapUpCode\":\"[0-9a-f]{8}-[0-9a-f]{4}-")
                .doesNotContain("\"wrapUpCode\":\"Resolved\"");
        assertThat(audits).allSatisfy(a -> assertThat(a.get("transactionInitiator").isBoolean()).isTrue());
        assertThat(audits).allSatisfy(a -> assertThat(a.get("entityChanges").isArray()).isTrue());
        assertThat(audits).anySatisfy(a -> assertThat(a.get("level").asText()).isEqualTo("GENESYS_INTERNAL"));
    }

    @Test
    void a_job_sees_ongoing_conversations_without_an_end_and_the_settled_window_equals_the_truth() {
        DataGenerator generator = new DataGenerator(DataSizing.DEFAULT);
        RecordQuery query = RecordQuery.canonical("org-x", ExportKind.CONVERSATION_DETAILS, START, END);
        List<ObjectNode> finals = generator.records(query);

        List<ObjectNode> atWindowEnd = generator.records(query, END);
        Instant settled = END.plus(Duration.ofHours(1)).plus(DataSizing.DEFAULT.availabilityLag());

        assertThat(atWindowEnd).anySatisfy(c -> assertThat(c.has("conversationEnd")).as("ongoing at the edge").isFalse());
        assertThat(atWindowEnd).allSatisfy(c -> assertThat(Instant.parse(c.get("conversationStart").asText())).isBefore(END));
        assertThat(atWindowEnd).isNotEqualTo(finals);
        assertThat(generator.records(query, settled)).isEqualTo(finals);
        assertThat(new DataGenerator(DataSizing.DEFAULT.withLive(false)).records(query, END)).isEqualTo(finals);
    }

    @ParameterizedTest
    @EnumSource(ExportKind.class)
    void the_same_query_gives_the_same_truth_in_a_fresh_generator_and_another_org_differs(ExportKind kind) {
        RecordQuery query = RecordQuery.canonical("org-x", kind, START, END);

        assertThat(new DataGenerator(DataSizing.DEFAULT).truth(query)).isEqualTo(new DataGenerator(DataSizing.DEFAULT).truth(query));
        assertThat(new DataGenerator(DataSizing.DEFAULT).truth(RecordQuery.canonical("org-y", kind, START, END)))
                .isNotEqualTo(new DataGenerator(DataSizing.DEFAULT).truth(query));
    }

    @Test
    void conversations_overlap_the_window_and_come_in_conversation_start_order() {
        List<ObjectNode> records = new DataGenerator(DataSizing.DEFAULT)
                .records(RecordQuery.canonical("org-x", ExportKind.CONVERSATION_DETAILS, START, END));

        Instant previous = Instant.MIN;
        boolean startedBefore = false;
        for (ObjectNode conversation : records) {
            Instant start = Instant.parse(conversation.get("conversationStart").asText());
            Instant end = Instant.parse(conversation.get("conversationEnd").asText());
            assertThat(start).isBefore(END).isAfterOrEqualTo(previous);
            assertThat(end).isAfter(START);
            assertThat(Duration.between(start, end)).isLessThan(Duration.ofHours(1));
            startedBefore |= start.isBefore(START);
            previous = start;
        }
        assertThat(startedBefore).as("a conversation that started before the window and ends inside it").isTrue();
    }

    @Test
    void sizing_bounds_the_records_per_hour() {
        DataGenerator generator = new DataGenerator(new DataSizing(2, 3, 4, Duration.ZERO));
        Instant hour = Instant.parse("2024-03-10T05:00:00Z");

        long audits = generator.records(RecordQuery.canonical("org-x", ExportKind.AUDIT_EVENTS, hour, hour.plus(Duration.ofHours(10)))).size();
        long users = generator.records(RecordQuery.canonical("org-x", ExportKind.USER_DETAILS, hour, hour.plus(Duration.ofHours(10)))).size();

        assertThat(audits).isBetween(20L, 30L);
        assertThat(users).isBetween(1L, 4L);
    }
}
