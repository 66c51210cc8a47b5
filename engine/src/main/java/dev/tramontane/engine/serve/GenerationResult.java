package dev.tramontane.engine.serve;

/**
 * The outcome of one generation.
 *
 * @param text                  the generated text, stop string excluded
 * @param tokens                the generated token ids (end of sequence excluded; the token that completed a stop string included)
 * @param finishReason          why it ended
 * @param usage                 token counts
 * @param error                 the cause when {@code finishReason} is {@link FinishReason#ERROR}, else null
 * @param timeToFirstTokenNanos from submission to the first sampled token (-1 if none was sampled)
 * @param durationNanos         from submission to the end
 */
public record GenerationResult(String text, int[] tokens, FinishReason finishReason, Usage usage, Throwable error,
                               long timeToFirstTokenNanos, long durationNanos) {

    /** Generated tokens per second from the first token to the end (0 when fewer than two tokens). */
    public double tokensPerSecond() {
        long decodeNanos = durationNanos - timeToFirstTokenNanos;
        if (usage.completionTokens() < 2 || timeToFirstTokenNanos < 0 || decodeNanos <= 0) {
            return 0;
        }
        return (usage.completionTokens() - 1) * 1e9 / decodeNanos;
    }
}
