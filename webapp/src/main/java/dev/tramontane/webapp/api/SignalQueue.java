package dev.tramontane.webapp.api;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Turns a Flux into blocking reads for a servlet thread (a virtual thread here). Subscribing runs
 * the chat model's validation and the service's admission on the caller's thread, so a refusal is
 * already queued when {@link #refusal()} is asked — before any byte of the response is written,
 * which lets it become a proper HTTP status instead of an error inside a 200 stream.
 */
final class SignalQueue<T> extends BaseSubscriber<T> {

    sealed interface Signal<T> {}

    record Next<T>(T value) implements Signal<T> {}

    record Failed<T>(Throwable error) implements Signal<T> {}

    record Completed<T>() implements Signal<T> {}

    private final BlockingQueue<Signal<T>> signals = new LinkedBlockingQueue<>();

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnNext(T value) {
        signals.add(new Next<>(value));
    }

    @Override
    protected void hookOnError(Throwable error) {
        signals.add(new Failed<>(error));
    }

    @Override
    protected void hookOnComplete() {
        signals.add(new Completed<>());
    }

    /** The error the subscription failed with at once, or null. */
    RuntimeException refusal() {
        return signals.peek() instanceof Failed<T> f && f.error() instanceof RuntimeException e ? e : null;
    }

    Signal<T> take() throws InterruptedException {
        return signals.take();
    }
}
