package dev.orgexport.platform.bench;

import dev.orgexport.platform.api.AccessToken;
import dev.orgexport.platform.api.ApiSettings;
import dev.orgexport.platform.api.PlatformClient;
import dev.orgexport.platform.concurrent.Futures;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.RegionDirectory;
import dev.orgexport.platform.region.RegionEndpoints;
import dev.orgexport.platform.resilience.BreakerSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.platform.token.TokenBroker;
import dev.orgexport.platform.token.TokenSettings;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Figures for BENCHMARKS.md (not a test): the cost of a token cache hit, of a full call to the
 * simulator through the gateway, and the heap held by token broker state for 10,000 orgs.
 * Runs the simulator in this JVM on 127.0.0.1. Prints medians.
 */
public final class PlatformBenchmark {

    private static final int ORGS = 10_000;
    private static final String SECRET = "bench-secret-never-logged";
    private static final SecretResolver SECRETS = SecretResolver.of(Map.of("BENCH_SECRET", SECRET));

    private PlatformBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorConfig.Builder config = SimulatorConfig.builder()
                .jobs(SimulatorConfig.JobTimings.quick(java.time.Duration.ofMillis(200)))
                .limits(new Limits(1_000_000, 1_000_000, BudgetScope.TOKEN));
        for (int i = 0; i < ORGS; i++) {
            config.org("org-" + i, "Org " + i, "us-west-2").client("client-" + i, SECRET, "org-" + i);
        }
        try (Simulator simulator = Simulator.start(config.build(), 0)) {
            PlatformSettings settings = PlatformFixture.settings(simulator);
            System.out.printf("JVM %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            cacheHit(settings);
            fullCall(settings);
            brokerHeap(settings);
            gatewayHeap(settings, false);
            gatewayHeap(settings, true);
        }
        System.exit(0);
    }

    private static OrgCredentials org(int i) {
        return OrgCredentials.of("org-" + i, "us-west-2", "client-" + i, SecretRef.parse("env:BENCH_SECRET"));
    }

    private static void cacheHit(PlatformSettings settings) {
        try (PlatformClient client = PlatformClient.create(ApiSettings.defaults(), Clock.systemUTC())) {
            TokenBroker broker = new TokenBroker(client, SECRETS, TokenSettings.defaults(), Clock.systemUTC(),
                    PlatformListener.NONE);
            RegionEndpoints endpoints = RegionDirectory.of(settings.regions()).endpoints("us-west-2");
            OrgCredentials org = org(0);
            Futures.await(broker.token(org, endpoints));
            int calls = 2_000_000;
            double[] nanosPerHit = new double[15];
            long sink = 0;
            for (int round = 0; round < nanosPerHit.length; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    CompletableFuture<AccessToken> hit = broker.token(org, endpoints);
                    sink += hit.isDone() ? 1 : 0;
                }
                nanosPerHit[round] = (System.nanoTime() - start) / (double) calls;
            }
            System.out.printf("token cache hit (TokenBroker.token, warm): median %.1f ns/call over the last 10 rounds "
                    + "of %,d calls (first round %.1f ns); token requests: %d; sink %d%n",
                    median(Arrays.copyOfRange(nanosPerHit, 5, 15)), calls, nanosPerHit[0], broker.tokenRequests(), sink);
        }
    }

    private static void fullCall(PlatformSettings settings) {
        try (PlatformGateway gateway = PlatformGateway.builder(settings).secrets(SECRETS).build()) {
            OrgCredentials org = org(1);
            for (int i = 0; i < 2_000; i++) {
                Futures.await(gateway.organization(org));
            }
            double[] micros = new double[2_000];
            for (int i = 0; i < micros.length; i++) {
                long start = System.nanoTime();
                Futures.await(gateway.organization(org));
                micros[i] = (System.nanoTime() - start) / 1_000.0;
            }
            Arrays.sort(micros);
            System.out.printf("full call (gateway.organization, cached token, one caller): median %.0f us, p90 %.0f us, "
                    + "p99 %.0f us over %,d calls%n", micros[micros.length / 2], micros[micros.length * 9 / 10],
                    micros[micros.length * 99 / 100], micros.length);

            int total = 10_000;
            Semaphore inFlight = new Semaphore(16);
            long start = System.nanoTime();
            List<CompletableFuture<?>> calls = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                inFlight.acquireUninterruptibly();
                calls.add(gateway.organization(org).whenComplete((v, e) -> inFlight.release()));
            }
            calls.forEach(Futures::await);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("full call throughput (16 in flight, one org, limiter off): %,.0f calls/s%n", total / seconds);

            double[] coldMillis = new double[300];
            for (int i = 0; i < coldMillis.length; i++) {
                long coldStart = System.nanoTime();
                Futures.await(gateway.organization(org(100 + i)));
                coldMillis[i] = (System.nanoTime() - coldStart) / 1e6;
            }
            System.out.printf("cold call (token request + tokens/me + the call): median %.2f ms over %d orgs%n",
                    median(coldMillis), coldMillis.length);
        }
    }

    private static void brokerHeap(PlatformSettings settings) throws Exception {
        try (PlatformClient client = PlatformClient.create(ApiSettings.defaults(), Clock.systemUTC())) {
            RegionEndpoints endpoints = RegionDirectory.of(settings.regions()).endpoints("us-west-2");
            AtomicReference<TokenBroker> broker = new AtomicReference<>(new TokenBroker(client, SECRETS,
                    TokenSettings.defaults(), Clock.systemUTC(), PlatformListener.NONE));
            populate(i -> broker.get().token(org(i), endpoints));
            int slots = broker.get().size();
            long requests = broker.get().tokenRequests();
            // Drop only the broker (and with it every slot and token); the client and simulator stay.
            long held = usedHeap() - usedHeapAfter(() -> broker.set(null));
            System.out.printf("token broker state for %,d orgs (%,d slots, %,d token requests): %.2f MB retained, "
                    + "%,d bytes per org%n", ORGS, slots, requests, held / 1048576.0, held / ORGS);
        }
    }

    /** A gateway and its meter registry, dropped together so that the meters' memory counts too. */
    private record Held(PlatformGateway gateway, SimpleMeterRegistry meters) {
    }

    private static void gatewayHeap(PlatformSettings base, boolean perOrgMeters) throws Exception {
        BreakerSettings breaker = base.resilience().breaker();
        PlatformSettings settings = base.withResilience(base.resilience()
                .withRateLimit(RateLimitSettings.defaults().withBudget(1_000_000, Duration.ofMinutes(1)))
                .withBreaker(breaker.withPerOrgMeters(perOrgMeters)));
        AtomicReference<Held> empty = new AtomicReference<>(held(settings));
        long emptyHeld = usedHeap() - usedHeapAfter(() -> release(empty));
        AtomicReference<Held> full = new AtomicReference<>(held(settings));
        populate(i -> full.get().gateway().organization(org(i)));
        int meterCount = full.get().meters().getMeters().size();
        long held = usedHeap() - usedHeapAfter(() -> release(full)) - emptyHeld;
        System.out.printf("whole gateway state for %,d orgs (tokens, breakers, rate limiters%s): %.2f MB retained, "
                + "%,d bytes per org, %,d meters (an idle gateway: %.2f MB)%n", ORGS,
                perOrgMeters ? ", Resilience4j per-org breaker meters" : "", held / 1048576.0, held / ORGS, meterCount,
                emptyHeld / 1048576.0);
    }

    private static Held held(PlatformSettings settings) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new Held(PlatformGateway.builder(settings).secrets(SECRETS).meterRegistry(meters).build(), meters);
    }

    private static void release(AtomicReference<Held> held) {
        held.get().gateway().close();
        held.set(null);
    }

    private static void populate(IntFunction<CompletableFuture<?>> call) {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> calls = new ArrayList<>(ORGS);
        for (int i = 0; i < ORGS; i++) {
            inFlight.acquireUninterruptibly();
            calls.add(call.apply(i).whenComplete((v, e) -> inFlight.release()));
        }
        calls.forEach(Futures::await);
    }

    /** Runs {@code release} (which must drop the measured state), then returns the used heap. */
    private static long usedHeapAfter(Runnable release) throws InterruptedException {
        release.run();
        return usedHeap();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
