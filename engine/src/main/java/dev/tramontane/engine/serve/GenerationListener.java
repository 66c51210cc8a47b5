package dev.tramontane.engine.serve;

/**
 * Receives a generation as it happens. Called on the scheduler thread, which runs every sequence:
 * return quickly (hand work to a queue or a reactive sink), never block. An exception thrown here
 * ends this sequence with {@link FinishReason#ERROR}; the others go on.
 */
public interface GenerationListener {

    GenerationListener NONE = new GenerationListener() {};

    /**
     * The request left the queue and joined the running batch; {@code cachedPromptTokens} of its
     * prompt came from the prompt cache. Every admitted request hears this first.
     */
    default void onStart(int cachedPromptTokens) {}

    /** A generated token id (end of sequence is not reported). */
    default void onToken(int token) {}

    /**
     * Text that is final: whole UTF-8 characters, with stop strings already cut. Concatenated, the
     * pieces are {@link GenerationResult#text()}. Never empty.
     */
    default void onText(String piece) {}

    /** Called once at the end, whatever the reason; the same result completes {@link GenerationHandle#result()}. */
    default void onComplete(GenerationResult result) {}
}
