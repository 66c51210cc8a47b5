package dev.tramontane.engine.generate;

/** Why a generation ended. */
public enum StopReason {
    /** The model produced its end-of-sequence token. */
    EOS,
    /** The text reached one of the stop strings (which is not part of the output). */
    STOP_STRING,
    /** {@code maxTokens} tokens were generated. */
    MAX_TOKENS,
    /** The KV cache (context) is full. */
    CONTEXT_FULL,
    /** The listener asked to stop. */
    CANCELLED
}
