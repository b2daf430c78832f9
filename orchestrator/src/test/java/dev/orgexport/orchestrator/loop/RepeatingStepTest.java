package dev.orgexport.orchestrator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.orchestrator.support.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RepeatingStepTest {

    @Test
    void a_round_that_throws_is_counted_and_the_loop_keeps_running_on_its_named_thread() {
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        RepeatingStep loop = new RepeatingStep("test-loop", () -> {
            thread.set(Thread.currentThread().getName());
            if (rounds.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated");
            }
            return RepeatingStep.Next.after(Duration.ofHours(1));
        }, Duration.ofMillis(10));
        try {
            loop.start();
            Await.until("a second round", Duration.ofSeconds(5), () -> rounds.get() == 2);
            assertThat(loop.failures()).isEqualTo(1);
            assertThat(thread.get()).isEqualTo("test-loop");
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_wake_up_runs_a_waiting_step_at_once() {
        AtomicInteger rounds = new AtomicInteger();
        RepeatingStep loop = new RepeatingStep("test-wake", () -> {
            rounds.incrementAndGet();
            return RepeatingStep.Next.after(Duration.ofHours(1));
        }, Duration.ofHours(1));
        try {
            loop.start();
            Await.until("the first round", Duration.ofSeconds(5), () -> rounds.get() == 1);
            loop.wakeUp();
            Await.until("a round brought forward by the wake-up", Duration.ofSeconds(5), () -> rounds.get() == 2);
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }
}
