package dev.tramontane.engine.generate;

/**
 * Why a generation ended, precisely: which check of {@link SequenceDecoder} (or of the loop around
 * it) fired. The serving API reports the coarser {@code serve.FinishReason} derived from it.
 */
public enum StopReason {
    /** The model produced its end-of-sequence token. */
    EOS,
    /** The text reached one of the stop strings (which is not part of the output). */
    STOP_STRING,
    /** The constraint (e.g. a JSON schema) holds a whole document and allows nothing but EOS. */
    CONSTRAINT_COMPLETE,
    /** {@code maxTokens} tokens were generated. */
    MAX_TOKENS,
    /** The KV cache (context) is full. */
    CONTEXT_FULL,
    /** The listener asked to stop. */
    CANCELLED
}
