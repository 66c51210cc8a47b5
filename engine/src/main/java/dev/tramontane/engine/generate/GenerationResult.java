package dev.tramontane.engine.generate;

/**
 * The outcome of one generation.
 *
 * @param promptTokens    the prompt as fed to the model
 * @param generatedTokens the sampled tokens, including a final EOS if the model produced one
 * @param text            the generated text as the listener received it (stop string excluded)
 * @param stopReason      why it ended
 * @param reusedPromptTokens how many leading prompt tokens were already in the KV cache from the previous call
 * @param promptNanos     time spent feeding the prompt
 * @param generationNanos time spent producing the new tokens
 */
public record GenerationResult(int[] promptTokens, int[] generatedTokens, String text, StopReason stopReason,
                               int reusedPromptTokens, long promptNanos, long generationNanos) {

    /** Generated tokens per second, or 0 when none were generated. */
    public double tokensPerSecond() {
        return generatedTokens.length == 0 || generationNanos == 0 ? 0 : generatedTokens.length * 1e9 / generationNanos;
    }

    /** Prompt tokens fed per second (reused ones not counted). */
    public double promptTokensPerSecond() {
        int fed = promptTokens.length - reusedPromptTokens;
        return fed == 0 || promptNanos == 0 ? 0 : fed * 1e9 / promptNanos;
    }
}
