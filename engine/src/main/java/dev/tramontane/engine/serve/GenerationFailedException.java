package dev.tramontane.engine.serve;

/**
 * A generation that was accepted but ended with {@link FinishReason#ERROR} (the forward pass, the
 * constraint or a listener failed, or the service closed meanwhile); for callers that want an
 * exception rather than inspecting {@link GenerationResult#finishReason()}. HTTP 500, or 503 when
 * the cause is a {@link ServiceClosedException}.
 */
public final class GenerationFailedException extends RuntimeException {

    private final transient GenerationResult result;

    public GenerationFailedException(GenerationResult result) {
        super("generation failed after " + result.usage().completionTokens() + " tokens: "
                + (result.error() == null ? "unknown cause" : result.error().getMessage()), result.error());
        this.result = result;
    }

    public GenerationResult result() {
        return result;
    }
}
