package dev.orgexport.worker.consume;

import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.schema.run.RunClaim;
import dev.orgexport.worker.export.RunLauncher;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one task record, on the consumer thread: examine it; dead-letter it when it
 * cannot be used; else claim its run and launch the export. Returns when the record is done with
 * (its offset may be committed); throws when the database or Kafka failed, so the record is
 * tried again (the loop bounds how often, see {@link HandoverFailure}). Never blocks on an export: the claim is one statement, the launch hands over.
 */
final class TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(TaskHandler.class);

    private final TaskIntake intake;
    private final DeadLetters deadLetters;
    private final PostgresRunStore runs;
    private final RunLauncher launcher;
    private final WorkerMetrics metrics;
    private final ClaimTerms terms;
    private final Runnable beforeClaim;

    /** Who claims, and for how long. */
    record ClaimTerms(String workerId, Duration lease) {
    }

    TaskHandler(TaskIntake intake, DeadLetters deadLetters, PostgresRunStore runs, RunLauncher launcher,
                WorkerMetrics metrics, ClaimTerms terms, Runnable beforeClaim) {
        this.beforeClaim = beforeClaim;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.runs = runs;
        this.launcher = launcher;
        this.metrics = metrics;
        this.terms = terms;
    }

    /**
     * Dead-letters a record that could not be handed over (see {@link HandoverFailure}), so that
     * its partition moves on. A run it named stays QUEUED; the orchestrator's sweeper re-publishes
     * a run left QUEUED too long.
     */
    void giveUp(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String why) {
        Intake rejected = Intake.rejected(reason, why, null);
        deadLetters.reject(record, rejected);
        metrics.rejected(reason.name());
    }

    void handle(ConsumerRecord<byte[], byte[]> record) {
        Intake examined = intake.examine(record.value());
        if (examined.isRejected()) {
            deadLetters.reject(record, examined);
            metrics.rejected(examined.reason().name());
            return;
        }
        beforeClaim.run();
        RunClaim claim = runs.claim(examined.task().runId(), terms.workerId(), terms.lease());
        switch (claim.outcome()) {
            case CLAIMED -> {
                if (claim.previousOwner() != null) {
                    log.info("took over run {} org={} kind={} from {} whose lease expired; attempt {}",
                            claim.run().runId(), claim.run().orgId(), claim.run().kind(), claim.previousOwner(),
                            claim.run().attempt());
                }
                launcher.launch(examined.task(), examined.org(), claim.run());
            }
            case NOT_FOUND -> {
                Intake unknown = Intake.rejected(RejectReason.UNKNOWN_RUN, "run " + examined.task().runId()
                        + " does not exist", examined.task());
                deadLetters.reject(record, unknown);
                metrics.rejected(unknown.reason().name());
            }
            default -> {
                metrics.skipped(claim.outcome().name());
                log.debug("skipped task of run {} org={}: {} (state {})", examined.task().runId(),
                        examined.task().orgId(), claim.outcome(), claim.run().state());
            }
        }
    }
}
