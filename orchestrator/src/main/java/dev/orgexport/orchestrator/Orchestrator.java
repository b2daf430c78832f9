package dev.orgexport.orchestrator;

import dev.orgexport.orchestrator.estate.EstateMeters;
import dev.orgexport.orchestrator.loop.RepeatingStep;
import dev.orgexport.orchestrator.outbox.OutboxRelay;
import dev.orgexport.orchestrator.schedule.Scheduler;
import dev.orgexport.orchestrator.schedule.TickReport;
import dev.orgexport.orchestrator.sweep.SweepReport;
import dev.orgexport.orchestrator.sweep.Sweeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One orchestrator process: the scheduler, the outbox relay and the sweeper, each on its own
 * named thread ({@code <instance-id>-scheduler}, {@code -relay}, {@code -sweeper}), and the
 * estate gauges read from PostgreSQL ({@code -estate}, see {@link EstateMeters}). The scheduler
 * and the sweeper wake the relay as soon as they wrote outbox rows, so a task reaches Kafka
 * without waiting for the relay's poll interval.
 *
 * <p>Any number of instances may run on one database: schedules and runs are taken with
 * {@code FOR UPDATE SKIP LOCKED}, run ids make a window's creation idempotent, and one relay
 * publishes at a time. {@link #start()} once, {@link #stop()} (or {@link #close()}) once; both are
 * thread-safe.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What the loops have done so far, for health checks and {@code orgs status}. */
    public record Status(boolean running, Instant lastTickAt, long lastTickRunsCreated, int relayFailuresInARow,
                         long loopFailures) {
    }

    private final OrchestratorConfig config;
    private final Scheduler scheduler;
    private final OutboxRelay relay;
    private final Sweeper sweeper;
    private final RepeatingStep schedulerLoop;
    private final RepeatingStep relayLoop;
    private final RepeatingStep sweeperLoop;
    private final RepeatingStep estateLoop;
    private volatile TickReport lastTick;
    private volatile boolean running;

    /** An orchestrator whose relay publishes through a {@link KafkaProducer} of {@code config.kafka()}. */
    public static Orchestrator create(DataSource dataSource, OrchestratorConfig config, Clock clock, MeterRegistry meters) {
        return new Orchestrator(dataSource, config, clock, meters,
                () -> new KafkaProducer<>(config.kafka().withClientId(config.kafka().clientId() + "-" + config.instanceId())
                        .properties()));
    }

    /** @param producers creates the relay's producer (again after a fatal producer error) */
    public Orchestrator(DataSource dataSource, OrchestratorConfig config, Clock clock, MeterRegistry meters,
                        OutboxRelay.ProducerFactory producers) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = new Scheduler(dataSource, clock, config.scheduler(), meters);
        this.relay = new OutboxRelay(dataSource, clock, config.relay(), producers,
                config.kafka().deliveryTimeout().plusSeconds(5), meters);
        this.sweeper = new Sweeper(dataSource, clock, config.sweeper(), meters);
        String id = config.instanceId();
        this.relayLoop = new RepeatingStep(id + "-relay", relay::step, config.relay().backoffMax());
        this.schedulerLoop = new RepeatingStep(id + "-scheduler", this::schedulerStep, config.scheduler().tick());
        this.sweeperLoop = new RepeatingStep(id + "-sweeper", this::sweeperStep, config.sweeper().interval());
        this.estateLoop = new RepeatingStep(id + "-estate", new EstateMeters(dataSource, clock, meters)::refresh,
                EstateMeters.INTERVAL);
    }

    /** Starts the three loops; logs the effective configuration once. */
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("orchestrator '" + config.instanceId() + "' is already running");
        }
        log.info("orchestrator '{}' starting with {}", config.instanceId(), config);
        running = true;
        relayLoop.start();
        schedulerLoop.start();
        sweeperLoop.start();
        estateLoop.start();
    }

    /** Stops the loops (a round in progress finishes) and closes the Kafka producer. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        schedulerLoop.stop(STOP_TIMEOUT);
        sweeperLoop.stop(STOP_TIMEOUT);
        estateLoop.stop(STOP_TIMEOUT);
        relayLoop.stop(STOP_TIMEOUT);
        relay.close();
        log.info("orchestrator '{}' stopped", config.instanceId());
    }

    @Override
    public void close() {
        stop();
    }

    public Status status() {
        TickReport tick = lastTick;
        return new Status(running, tick == null ? null : tick.at(), tick == null ? 0 : tick.runsCreated(),
                relay.consecutiveFailures(), schedulerLoop.failures() + relayLoop.failures() + sweeperLoop.failures());
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public OutboxRelay relay() {
        return relay;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    private RepeatingStep.Next schedulerStep() {
        TickReport tick = scheduler.tick();
        lastTick = tick;
        if (tick.runsCreated() > 0) {
            relayLoop.wakeUp();
        }
        return RepeatingStep.Next.after(config.scheduler().tick());
    }

    private RepeatingStep.Next sweeperStep() {
        RepeatingStep.Next next = sweeper.step();
        SweepReport last = sweeper.lastReport();
        if (last != null && last.requeued() > 0) {
            relayLoop.wakeUp();
        }
        return next;
    }
}
