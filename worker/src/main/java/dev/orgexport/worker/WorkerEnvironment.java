package dev.orgexport.worker;

import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * What a {@link Worker} runs in, owned by the caller: the PostgreSQL pool (migrated; the worker
 * does not close it), the platform settings and secret resolver the worker builds its platform
 * gateway from, the meter registry it publishes to, the clock, and the randomness of retry jitter.
 */
public record WorkerEnvironment(DataSource dataSource, PlatformSettings platform, SecretResolver secrets,
                                MeterRegistry meters, Clock clock, RandomGenerator random) {

    public WorkerEnvironment {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /**
     * The production environment: the system UTC clock, an unseeded jitter source and a private
     * meter registry (replace it with {@link #withMeters} to publish).
     */
    public static WorkerEnvironment of(DataSource dataSource, PlatformSettings platform, SecretResolver secrets) {
        return new WorkerEnvironment(dataSource, platform, secrets, new SimpleMeterRegistry(), Clock.systemUTC(),
                new SplittableRandom());
    }

    public WorkerEnvironment withMeters(MeterRegistry value) {
        return new WorkerEnvironment(dataSource, platform, secrets, value, clock, random);
    }

    public WorkerEnvironment withClock(Clock value) {
        return new WorkerEnvironment(dataSource, platform, secrets, meters, value, random);
    }
}
