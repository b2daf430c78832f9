package dev.orgexport.orchestrator.registry;

import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.org.OrgRegistryStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.schedule.PostgresScheduleStore;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org registry as a file ({@code orgs.yaml}): validates the whole file first, reporting every
 * error with its line, then applies it to the {@code org} and {@code export_schedule} tables in
 * one transaction and returns the diff (added, changed, disabled). Orgs missing from the file are
 * disabled, never deleted. A dry run computes the same diff in a transaction that is rolled back.
 * Concurrent applies are serialized by an advisory lock. Each org an apply changed gets a USER
 * audit row naming the operator ({@link RegistryAudit}), in the same transaction. Thread-safe.
 *
 * <p>The file format is documented in {@code examples/orgs.yaml} at the root of the repository.
 */
public final class OrgRegistry {

    private static final Logger log = LoggerFactory.getLogger(OrgRegistry.class);
    /** Who applies when no operator is named: orgexport itself (the demo, tests). */
    static final String SELF = "orgexport";

    private final DataSource dataSource;
    private final Clock clock;
    private final RegionCatalog regions;
    private final RegistryConfig config;
    private final RegistryWriter writer;
    private final RegistryAudit audit;

    public OrgRegistry(DataSource dataSource, Clock clock, RegionCatalog regions, RegistryConfig config) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.regions = Objects.requireNonNull(regions, "regions");
        this.config = Objects.requireNonNull(config, "config");
        this.writer = new RegistryWriter(new PostgresScheduleStore(dataSource));
        this.audit = new RegistryAudit(new PostgresAuditStore(dataSource), UUID::randomUUID);
    }

    /**
     * Validates {@code file} and, when it has no error, applies it (or, with {@code dryRun}, only
     * computes what would change).
     *
     * @return every error of the file, or the diff; render it with {@link ApplyResult#render()}
     */
    public ApplyResult apply(Path file, boolean dryRun) {
        return apply(file, dryRun, SELF);
    }

    /**
     * As {@link #apply(Path, boolean)}, with {@code operator} named in the audit row of each org
     * the apply changed (none for a dry run).
     */
    public ApplyResult apply(Path file, boolean dryRun, String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator must name who applies the registry, but was blank");
        }
        String source = file.toString();
        Parsed parsed = parse(file, regions, config);
        if (!parsed.errors().isEmpty()) {
            log.warn("registry {}: {} errors, nothing changed", source, parsed.errors().size());
            return new ApplyResult(source, parsed.errors(), null, dryRun, false);
        }
        RegistryDiff diff = dryRun
                ? Transactions.rolledBack(dataSource, "dry-run the registry " + source,
                        c -> writer.apply(c, parsed.orgs(), clock.instant()))
                : Transactions.inTransaction(dataSource, "apply the registry " + source, c -> {
                    Instant now = clock.instant();
                    RegistryDiff applied = writer.apply(c, parsed.orgs(), now);
                    audit.record(c, applied, entities(c), source, operator, now);
                    return applied;
                });
        if (!dryRun) {
            log.info("registry {} applied: {} added, {} changed, {} disabled, {} unchanged", source, diff.added().size(),
                    diff.changed().size(), diff.disabled().size(), diff.unchanged());
        }
        return new ApplyResult(source, List.of(), diff, dryRun, !dryRun);
    }

    private static Map<String, RegistryAudit.Entity> entities(Connection connection) throws SQLException {
        Map<String, RegistryAudit.Entity> entities = new HashMap<>();
        new OrgRegistryStore().findAll(connection)
                .forEach(org -> entities.put(org.id(), new RegistryAudit.Entity(org.name(), org.region())));
        return entities;
    }

    /** Every error of {@code file}, by line, without touching the database; empty when it is valid. */
    public List<RegistryError> validate(Path file) {
        return parse(file, regions, config).errors();
    }

    /** The org definitions of a file, or its errors. */
    public record Parsed(List<OrgDefinition> orgs, List<RegistryError> errors) {
    }

    /** Reads and checks {@code file} without a database: its org definitions, complete only without errors. */
    public static Parsed parse(Path file, RegionCatalog regions, RegistryConfig config) {
        List<RegistryError> errors = new ArrayList<>();
        YamlTree.Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = YamlTree.read(reader, errors);
        } catch (IOException e) {
            return new Parsed(List.of(), List.of(new RegistryError(0, 0, "", "cannot read the file: " + e)));
        } catch (YamlTree.SyntaxException e) {
            return new Parsed(List.of(), List.of(new RegistryError(e.line, e.column, "", e.getMessage())));
        }
        RegistryReader reader = new RegistryReader(regions, config);
        List<OrgDefinition> orgs = reader.read(root);
        errors.addAll(reader.errors());
        Collections.sort(errors);
        return new Parsed(orgs, errors);
    }
}
