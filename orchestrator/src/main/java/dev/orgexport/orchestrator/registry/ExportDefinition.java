package dev.orgexport.orchestrator.registry;

import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;

/**
 * One export of an org as the registry file declares it, validated.
 *
 * @param line the file line where it starts
 */
public record ExportDefinition(ExportKind kind, Duration every, Duration lag, Duration catchUp, int line) {
}
