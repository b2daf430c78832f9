package dev.orgexport.platform.gateway;

import dev.orgexport.platform.event.AuthFailure;
import dev.orgexport.platform.event.BreakerTransition;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.event.RetryScheduled;
import dev.orgexport.platform.event.TokenIssued;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every event into Micrometer, then forwards it. Metrics come from the same events the
 * listener sees, so the two never disagree.
 */
final class MeteredListener implements PlatformListener {

    private final MeterRegistry meters;
    private final PlatformListener next;

    MeteredListener(MeterRegistry meters, PlatformListener next) {
        this.meters = meters;
        this.next = next;
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        meters.counter("orgexport.platform.tokens.issued").increment();
        next.tokenIssued(event);
    }

    @Override
    public void authFailure(AuthFailure event) {
        meters.counter("orgexport.platform.auth.failures", "kind", event.failure().kind().name()).increment();
        next.authFailure(event);
    }

    @Override
    public void breakerTransition(BreakerTransition event) {
        meters.counter("orgexport.platform.breaker.transitions", "to", event.to().name()).increment();
        next.breakerTransition(event);
    }

    @Override
    public void retryScheduled(RetryScheduled event) {
        meters.counter("orgexport.platform.retries", "operation", event.operation(),
                "kind", event.failure().kind().name()).increment();
        next.retryScheduled(event);
    }
}
