package dev.orgexport.platform.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a cap, and gives up (cancelling the stream) as soon as
 * it grows past it: a platform or proxy that ignores {@code pageSize} must not exhaust the heap
 * (reliability review M6). Thread-safe as the JDK's body subscribers are: one stream each.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body grew past the cap; the request is abandoned. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long cap) {
            super("response body larger than " + cap + " bytes");
        }
    }

    private final HttpResponse.BodySubscriber<byte[]> delegate = HttpResponse.BodySubscribers.ofByteArray();
    private final long cap;
    private Flow.Subscription subscription;
    private long seen;
    private boolean failed;

    private BoundedBody(long cap) {
        this.cap = cap;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long cap) {
        return info -> new BoundedBody(cap);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        this.subscription = value;
        delegate.onSubscribe(value);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (failed) {
            return;
        }
        for (ByteBuffer item : items) {
            seen += item.remaining();
        }
        if (seen > cap) {
            failed = true;
            subscription.cancel();
            delegate.onError(new TooLargeException(cap));
            return;
        }
        delegate.onNext(items);
    }

    @Override
    public void onError(Throwable error) {
        if (!failed) {
            delegate.onError(error);
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            delegate.onComplete();
        }
    }
}
