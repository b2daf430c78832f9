package dev.orgexport.platform.api;

import dev.orgexport.platform.concurrent.NamedThreadFactory;
import dev.orgexport.platform.failure.FailureClassifier;
import dev.orgexport.platform.failure.FailureContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends one request with a hard deadline and turns every non-2xx answer or transport error into
 * a classified failure.
 *
 * <p>Requests run as blocking {@code HttpClient.send} on a bounded pool ({@code platform-http-*},
 * at most {@link ApiSettings#maxConcurrentRequests()} at once, the rest queued), not as
 * {@code sendAsync}: the JDK completes {@code sendAsync} futures on the common fork-join pool,
 * which on a machine with two cores is a new unnamed thread per response. A thread is held only
 * while its request is on the wire; waits between requests (backoff, rate limit) never hold one.
 * The JDK's per-request timeout stops at the response headers; the deadline here also covers
 * reading the body, and interrupts the request when it passes.
 */
final class HttpExchange implements AutoCloseable {

    private final HttpClient http;
    private final ThreadPoolExecutor executor;
    private final ExecutorService clientTasks;
    private final ScheduledThreadPoolExecutor deadlines;
    private final FailureClassifier classifier;
    private final Duration timeout;
    private final long maxResponseBytes;

    HttpExchange(ApiSettings settings, FailureClassifier classifier) {
        this.classifier = classifier;
        this.timeout = settings.requestTimeout();
        this.maxResponseBytes = settings.maxResponseBytes();
        int threads = settings.maxConcurrentRequests();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory("platform-http"));
        this.executor.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("platform-http-deadline"));
        // Cancelled deadlines (nearly all of them) must not pile up in the queue until they fire.
        this.deadlines.setRemoveOnCancelPolicy(true);
        // The client's own short tasks must never queue behind blocked sends: a separate pool.
        this.clientTasks = Executors.newCachedThreadPool(new NamedThreadFactory("platform-http-io"));
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(settings.httpVersion())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientTasks)
                .build();
    }

    /**
     * Sends the request; completes with a 2xx response, or exceptionally with a
     * {@link dev.orgexport.platform.failure.PlatformException}.
     *
     * @param login true for the token endpoint, whose errors are OAuth errors
     */
    CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request, FailureContext context, boolean login) {
        return send(request, context, login, false);
    }

    /**
     * As {@link #send(HttpRequest, FailureContext, boolean)}; with {@code redirectAnswer} a 302 or
     * 303 that names a {@code Location} completes normally too, for the caller to decide whether
     * to follow it (redirects are never followed by the HTTP client itself).
     */
    CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request, FailureContext context, boolean login,
                                                 boolean redirectAnswer) {
        CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task = executor.submit(() -> exchange(request, context, login, redirectAnswer, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(classifier.transportFailure(context, e));
            return result;
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            if (result.completeExceptionally(classifier.transportFailure(context,
                    new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms")))) {
                task.cancel(true);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((response, error) -> deadline.cancel(false));
        return result;
    }

    private void exchange(HttpRequest request, FailureContext context, boolean login, boolean redirectAnswer,
                          CompletableFuture<HttpResponse<byte[]>> result) {
        if (result.isDone()) {
            return;
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, BoundedBody.handler(maxResponseBytes));
        } catch (InterruptedException e) {
            // The deadline passed (or the client is closing): the result is already failed.
            Thread.currentThread().interrupt();
            result.completeExceptionally(classifier.transportFailure(context, new HttpTimeoutException("interrupted")));
            return;
        } catch (IOException | RuntimeException e) {
            if (tooLarge(e)) {
                result.completeExceptionally(classifier.responseTooLarge(context, maxResponseBytes));
            } else {
                result.completeExceptionally(classifier.transportFailure(context, e));
            }
            return;
        }
        boolean redirect = (response.statusCode() == 302 || response.statusCode() == 303)
                && response.headers().firstValue("Location").isPresent();
        if (response.statusCode() / 100 == 2 || (redirectAnswer && redirect)) {
            result.complete(response);
        } else if (login) {
            result.completeExceptionally(classifier.tokenFailure(context, response.statusCode(), response.headers(),
                    response.body()));
        } else {
            result.completeExceptionally(classifier.apiFailure(context, response.statusCode(), response.headers(),
                    response.body()));
        }
    }

    private static boolean tooLarge(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLargeException) {
                return true;
            }
        }
        return false;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        executor.shutdownNow();
        clientTasks.shutdownNow();
    }
}
