package dev.tramontane.engine.serve;

/** Why a generation ended. */
public enum FinishReason {
    /** End of sequence, a stop string, or a complete constrained document. */
    STOP,
    /** The request's max tokens or the end of the context was reached. */
    LENGTH,
    /** {@link GenerationHandle#cancel()} was called (e.g. the client went away). */
    CANCELLED,
    /** The forward pass, the constraint or a listener failed; {@link GenerationResult#error()} says why. */
    ERROR
}
