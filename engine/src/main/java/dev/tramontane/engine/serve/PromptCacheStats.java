package dev.tramontane.engine.serve;

/**
 * A snapshot of the prompt cache's counters.
 *
 * @param entries      stored prefixes
 * @param bytes        memory they hold
 * @param lookups      prompts looked up
 * @param hits         lookups that reused at least {@code promptCacheMinTokens} positions
 * @param reusedTokens positions copied instead of computed, over all hits
 */
public record PromptCacheStats(int entries, long bytes, long lookups, long hits, long reusedTokens) {

    /** Hits per lookup, 0 before the first lookup. */
    public double hitRate() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
