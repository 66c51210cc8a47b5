package dev.tramontane.engine.serve;

/** Every generation slot is busy and the waiting queue is full: retry later (HTTP 429). */
public final class ServiceOverloadedException extends GenerationRejectedException {

    private final int queueLength;

    public ServiceOverloadedException(int running, int queueLength) {
        super("the inference service is at capacity: " + running + " sequences running and " + queueLength
                + " requests waiting, the configured maximum (setting tramontane.serving.max-queue);"
                + " retry later or raise the limit");
        this.queueLength = queueLength;
    }

    public int queueLength() {
        return queueLength;
    }
}
