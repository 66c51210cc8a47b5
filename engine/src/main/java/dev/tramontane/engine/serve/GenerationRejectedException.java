package dev.tramontane.engine.serve;

/**
 * A request the service did not accept; thrown by {@link InferenceService#submit} before anything
 * runs. The subclasses tell an HTTP layer what to answer: {@link ServiceOverloadedException} → 429,
 * {@link ServiceClosedException} → 503, {@link ContextOverflowException} and
 * {@link InvalidGenerationRequestException} → 400.
 */
public abstract sealed class GenerationRejectedException extends RuntimeException
        permits ServiceOverloadedException, ServiceClosedException, ContextOverflowException,
                InvalidGenerationRequestException {

    protected GenerationRejectedException(String message) {
        super(message);
    }

    protected GenerationRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
