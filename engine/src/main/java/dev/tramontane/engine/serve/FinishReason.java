package dev.tramontane.engine.serve;

import dev.tramontane.engine.generate.StopReason;

/** Why a generation ended, as the serving API (and OpenAI's {@code finish_reason}) reports it. */
public enum FinishReason {
    /** End of sequence, a stop string, or a complete constrained document. */
    STOP,
    /** The request's max tokens or the end of the context was reached. */
    LENGTH,
    /** {@link GenerationHandle#cancel()} was called (e.g. the client went away). */
    CANCELLED,
    /** The forward pass, the constraint or a listener failed; {@link GenerationResult#error()} says why. */
    ERROR;

    /** The coarse reason of a precise one. */
    public static FinishReason of(StopReason reason) {
        return switch (reason) {
            case EOS, STOP_STRING, CONSTRAINT_COMPLETE -> STOP;
            case MAX_TOKENS, CONTEXT_FULL -> LENGTH;
            case CANCELLED -> CANCELLED;
        };
    }
}
