package dev.tramontane.engine.serve;

/**
 * Token counts of one generation.
 *
 * @param promptTokens       tokens in the prompt
 * @param completionTokens   tokens generated (an end-of-sequence token is not counted)
 * @param cachedPromptTokens prompt tokens whose keys and values came from the prompt cache instead of being computed
 */
public record Usage(int promptTokens, int completionTokens, int cachedPromptTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
