package dev.orgexport.worker.export;

import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunFailure;
import dev.orgexport.worker.sink.SinkConflictException;
import dev.orgexport.worker.sink.SinkResult;
import dev.orgexport.worker.sink.WindowTarget;
import dev.orgexport.worker.sink.WindowWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one claimed run, as a chain of steps that never blocks a thread on the
 * platform: check the org (paused, quarantined), check data availability, submit the job (or
 * reuse the one an earlier attempt stored), poll its status on a timer, page the results into
 * the sink, then record the outcome. Each step runs on the export pool when the previous one's
 * platform call completed; waits are scheduled on a timer, never slept.
 *
 * <p>The steps of one execution never overlap ({@link StepChain}), so its fields need no lock.
 * {@link #stop} may come from any thread (heartbeat, shutdown, the attempt's deadline): it is
 * honoured at once when no step is running (waiting for a call, a permit or the timer), else when
 * the running step hands over. The attempt's deadline ({@code worker.attempt-deadline}) ends it
 * even when a platform call never answers: the run waits for a retry and its lease is released.
 */
final class RunExecution {

    /** Why an execution must end before its outcome. */
    enum Stop { LEASE_LOST, SHUTDOWN, DEADLINE }

    /** The failure kind of an attempt that outlived {@code worker.attempt-deadline}. */
    static final String ATTEMPT_DEADLINE = "ATTEMPT_DEADLINE";

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);
    /** Resubmissions of an expired or vanished job within one attempt before it is retried later. */
    private static final int MAX_RESUBMITS = 2;
    /** Tries to store a submitted job's id before the attempt fails (one a second). */
    private static final int JOB_RECORD_TRIES = 10;

    private final ExportServices services;
    private final RunFacts facts;
    private final AttemptEnd end;
    private final StepChain chain;
    private final Consumer<RunExecution> onEnded;
    private final OrgPace pace;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile int calls;
    private final long begunNanos = System.nanoTime();

    private PlatformAccess.OrgExports api;
    private String jobId;
    private Instant pollingSince;
    private int resubmits;
    private WindowWriter writer;
    private PageGuard guard;

    RunExecution(ExportServices services, RunFacts facts, Executors executors, OrgPace pace,
                 Consumer<RunExecution> onEnded) {
        this.services = services;
        this.facts = facts;
        this.end = new AttemptEnd(services);
        this.chain = new StepChain(executors.steps(), executors.timer(), new StepChain.Owner() {
            @Override
            public boolean ended() {
                return ended.get();
            }

            @Override
            public void failed(Throwable error) {
                RunExecution.this.failed(error);
            }

            @Override
            public void stopped(Stop reason) {
                switch (reason) {
                    case SHUTDOWN -> finish(() -> end.givenBack(facts));
                    case LEASE_LOST -> finish(() -> end.leaseLost(facts, "exporting"));
                    case DEADLINE -> finish(() -> end.failed(facts, new JobTroubleException(ATTEMPT_DEADLINE,
                            "attempt " + facts.run().attempt() + " still unfinished " + services.config().dispatch()
                                    .attemptDeadline().toSeconds() + " s after it started (worker.attempt-deadline)"
                                    + (jobId == null ? "" : "; platform job " + jobId + " is kept for the next attempt"))));
                }
            }

            @Override
            public boolean callStarted() {
                calls++;
                return pace.callStarted();
            }

            @Override
            public void callEnded(long nanos, boolean solitary) {
                pace.callEnded(nanos, solitary);
            }
        });
        this.onEnded = onEnded;
        this.pace = pace;
        this.jobId = facts.run().platformJobId();
    }

    /** Where steps run and waits are scheduled. */
    record Executors(Executor steps, ScheduledExecutorService timer) {
    }

    RunFacts facts() {
        return facts;
    }

    void begin() {
        chain.step(this::prepare);
    }

    /** Asks the execution to end early; honoured at the next step boundary. */
    void stop(Stop reason) {
        chain.stop(reason);
    }

    /**
     * Ends the execution from outside without running another step (shutdown past its grace):
     * gives the lease back directly. A step still in progress finds the execution ended.
     */
    void forceGiveBack() {
        if (ended.compareAndSet(false, true)) {
            try {
                end.givenBack(facts); // the partial file, if any, stays with the step that holds it
            } catch (RuntimeException e) {
                log.error("run {} org={}: cannot give the lease back; it will expire: {}", facts.runId(), facts.orgId(),
                        e.toString());
            } finally {
                onEnded.accept(this);
            }
        }
    }

    boolean ended() {
        return ended.get();
    }

    /**
     * Ends the execution without recording anything, as a killed process would: later steps and
     * answers find it ended, and its lease runs out. For crash drills ({@link ExportExecutor#halt()}).
     */
    void abandon() {
        ended.set(true);
    }

    /** Moves each time a step starts. */
    long progress() {
        return chain.progress();
    }

    /** True while the execution waits on its own timer (between two job polls). */
    boolean waitingOnTimer() {
        return chain.waitingOnTimer();
    }

    /** How long the platform call the execution waits for has been open; zero when none is. */
    Duration openCallAge() {
        return chain.openCallAge();
    }

    // ---- steps, in order ----

    private void prepare() {
        if (facts.run().attempt() > services.config().retry().maxAttempts()) {
            // Attempt limits hold across takeovers: earlier attempts died without an outcome.
            finish(() -> end.attemptsExhausted(facts));
            return;
        }
        if (facts.org().paused()) {
            postpone(services.config().pausedRecheck(), "ORG_PAUSED", "org " + facts.orgId() + " is paused by an operator");
            return;
        }
        Optional<OrgQuarantine> quarantine = services.stores().quarantines().findLive(facts.orgId());
        if (quarantine.isPresent()) {
            finish(() -> end.postponed(facts, quarantine.get().until(), new RunFailure(RunFailure.ORG_QUARANTINED,
                    "org quarantined until " + quarantine.get().until() + ": " + quarantine.get().reason())));
            return;
        }
        api = services.platform().forOrg(facts.org());
        chain.await(api.availability(facts.run().kind()), this::checkAvailability);
    }

    private void checkAvailability(Instant available) {
        // Settled: the window's end plus the settle margin is before the availability date, so what
        // was still in progress at the window's edge has ended and landed (platform-fidelity §2.1).
        Duration margin = services.config().paging().settleMargin();
        Instant settledAt = facts.run().window().end().plus(margin);
        if (settledAt.isAfter(available)) {
            Duration gap = Duration.between(available, settledAt);
            Duration recheck = services.config().availabilityRecheck();
            postpone(gap.compareTo(recheck) > 0 ? gap : recheck, RunFailure.DATA_NOT_AVAILABLE, "window ends at "
                    + facts.run().window().end() + "; with the settle margin " + margin + " (worker.settle-margin) its "
                    + "data settles at " + settledAt + ", after the platform's data availability date " + available);
            return;
        }
        startJob();
    }

    private void startJob() {
        if (jobId != null) {
            log.info("run {} org={} kind={} attempt {}: polling platform job {} of an earlier attempt", facts.runId(),
                    facts.orgId(), facts.kind(), facts.run().attempt(), jobId);
            pollStatus();
            return;
        }
        chain.await(api.submit(facts.run().kind(), facts.run().window()), id -> recordJob(id, 1));
    }

    /**
     * Stores the submitted job's id on the run. PostgreSQL failing right now (a restart, a
     * failover) must not orphan the job: the next attempt would submit a second one. So the
     * write is tried again every second, up to {@value #JOB_RECORD_TRIES} times, while the lease
     * lasts; only then does the attempt fail.
     */
    private void recordJob(String id, int attempt) {
        boolean held;
        try {
            held = services.stores().runs().recordPlatformJob(facts.runId(), workerId(), id);
        } catch (RuntimeException e) {
            if (attempt >= JOB_RECORD_TRIES) {
                throw e;
            }
            log.warn("run {} org={} kind={}: cannot store platform job {} yet (try {}), trying again in 1 s so it is "
                    + "not submitted twice: {}", facts.runId(), facts.orgId(), facts.kind(), id, attempt, e.toString());
            chain.later(Duration.ofSeconds(1), () -> recordJob(id, attempt + 1));
            return;
        }
        if (!held) {
            finish(() -> end.leaseLost(facts, "recording platform job " + id));
            return;
        }
        jobId = id;
        log.debug("run {} org={} kind={}: submitted platform job {}", facts.runId(), facts.orgId(), facts.kind(), id);
        pollStatus();
    }

    private void pollStatus() {
        if (pollingSince == null) {
            pollingSince = services.clock().instant();
        }
        chain.await(api.status(facts.run().kind(), jobId), this::onStatus);
    }

    private void onStatus(JobStatus status) {
        switch (status.state()) {
            case SUCCEEDED -> fetch(null);
            case EXPIRED, CANCELLED -> resubmit("platform job " + jobId + " is " + status.state());
            case FAILED -> {
                String message = "platform job " + jobId + " FAILED: " + status.errorMessage();
                forgetJob();
                throw new JobTroubleException("JOB_FAILED", message);
            }
            default -> {
                Duration waited = Duration.between(pollingSince, services.clock().instant());
                if (waited.compareTo(services.config().jobTimeout()) >= 0) {
                    throw new JobTroubleException("JOB_TIMEOUT", "platform job " + jobId + " still " + status.state()
                            + " after " + waited.toSeconds() + " s (worker.job-timeout); the next attempt polls it again");
                }
                chain.later(services.config().jobPollInterval(), this::pollStatus);
            }
        }
    }

    private void fetch(String cursor) {
        chain.await(api.resultsPage(facts.run().kind(), jobId, cursor, services.config().pageSize()), this::onPage);
    }

    private void onPage(ResultsPage page) {
        if (writer == null) {
            // A re-export of a SUCCEEDED window writes the next version beside the earlier ones.
            int version = facts.run().result() == null ? 1 : services.stores().runs().latestVersion(facts.runId()) + 1;
            writer = services.sink().open(new WindowTarget(facts.runId(), facts.run().attempt(), facts.orgId(),
                    facts.run().kind(), facts.run().window(), workerId(), version));
            guard = new PageGuard(services.config().paging().maxPages(), services.config().paging().maxBytes());
        }
        page.records().forEach(writer::write);
        try {
            guard.check(jobId, page, writer.bytes());
        } catch (JobTroubleException tripped) {
            forgetJob(); // the same job would page the same way again: the next attempt submits a new one
            throw tripped;
        }
        if (page.last()) {
            complete();
        } else {
            fetch(page.nextCursor());
        }
    }

    private void complete() {
        Run.RunResult previous = facts.run().result();
        if (previous != null && previous.sha256().equals(writer.sha256SoFar())) {
            // A re-export whose content equals the newest version: no new version, nothing replaced.
            discardWriter();
            finish(() -> end.reexportUnchanged(facts, previous));
            return;
        }
        SinkResult file = writer.commit(() -> services.stores().runs()
                .heartbeat(Set.of(facts.runId()), workerId(), services.config().lease()).contains(facts.runId()));
        writer = null;
        finish(() -> end.succeeded(facts, file));
    }

    // ---- job housekeeping ----

    private void resubmit(String why) {
        if (++resubmits > MAX_RESUBMITS) {
            forgetJob();
            throw new JobTroubleException("JOB_EXPIRED", why + "; resubmitted " + MAX_RESUBMITS + " times in this attempt");
        }
        log.info("run {} org={} kind={}: {}; submitting a new job", facts.runId(), facts.orgId(), facts.kind(), why);
        discardWriter();
        if (!forgetJob()) {
            finish(() -> end.leaseLost(facts, "forgetting platform job " + jobId));
            return;
        }
        pollingSince = null;
        startJob();
    }

    private boolean forgetJob() {
        jobId = null;
        return services.stores().runs().recordPlatformJob(facts.runId(), workerId(), null);
    }

    // ---- endings ----

    private void postpone(Duration wait, String kind, String message) {
        Instant until = services.clock().instant().plus(wait);
        finish(() -> end.postponed(facts, until, new RunFailure(kind, message)));
    }

    private void failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (ended.get()) {
            return;
        }
        if (cause instanceof PlatformException platform && platform.jobNotFound() && jobId != null) {
            try {
                resubmit("platform job " + jobId + " not found");
            } catch (Throwable again) {
                finish(() -> end.failed(facts, again));
            }
            return;
        }
        if (cause instanceof SinkConflictException) {
            finish(() -> end.leaseLost(facts, "putting its file in place"));
            return;
        }
        finish(() -> end.failed(facts, cause));
    }

    /** Ends the execution once: drops any partial file, records the outcome, frees the slot. */
    private void finish(Runnable outcome) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            discardWriter();
            outcome.run();
        } catch (RuntimeException e) {
            // The outcome could not be recorded (PostgreSQL unreachable): the lease expires and
            // another attempt, here or elsewhere, takes the run over.
            log.error("run {} org={} kind={}: cannot record the end of attempt {}; the lease will expire and the run "
                    + "be taken over: {}", facts.runId(), facts.orgId(), facts.kind(), facts.run().attempt(), e.toString());
        } finally {
            // Everything but the platform calls (which include permit waits): job-poll waits and local work.
            pace.runEnded(calls, System.nanoTime() - begunNanos - chain.callNanos());
            onEnded.accept(this);
        }
    }

    private void discardWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    private String workerId() {
        return services.config().workerId();
    }
}
