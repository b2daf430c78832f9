package dev.orgexport.schema.event;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.util.UUID;

/**
 * A run outcome on {@code orgexport.events}, keyed by org id, for downstream consumers.
 * Delivery is at least once: a consumer deduplicates by {@link #runId()} (a run succeeds at
 * most once, so two {@code export.succeeded} events of one run describe the same file).
 * Never carries a secret or a token. Schemas change only additively; unknown fields are
 * ignored when read.
 */
public sealed interface ExportEvent permits ExportSucceeded, ExportFailed {

    String TOPIC = "orgexport.events";

    /** The schema and version of the record, such as {@value ExportSucceeded#SCHEMA_V1}. */
    String schema();

    /** The event's name: {@code export.succeeded} or {@code export.failed}. */
    String type();

    UUID runId();

    String orgId();

    ExportKind kind();

    TimeWindow window();
}
