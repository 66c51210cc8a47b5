package dev.tramontane.engine.serve;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted generation: cancel it, or wait for its {@link #result()}. The future completes
 * normally for every finish reason (including {@link FinishReason#ERROR}); it is never cancelled
 * by the service.
 */
public final class GenerationHandle {

    private final long id;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final Runnable wakeScheduler;
    private volatile boolean cancelRequested;

    GenerationHandle(long id, Runnable wakeScheduler) {
        this.id = id;
        this.wakeScheduler = wakeScheduler;
    }

    /** Sequential id, in submission order. */
    public long id() {
        return id;
    }

    /**
     * Stops the generation: a queued request leaves the queue, a running one leaves the batch before
     * the next step and frees its slot. It then finishes with {@link FinishReason#CANCELLED}. No effect once done.
     */
    public void cancel() {
        if (!result.isDone()) {
            cancelRequested = true;
            wakeScheduler.run();
        }
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }

    void complete(GenerationResult r) {
        result.complete(r);
    }
}
