package dev.tramontane.engine.serve;

/**
 * What the service is doing right now.
 *
 * @param running      sequences in the batch
 * @param queued       requests waiting for a slot
 * @param submitted    requests accepted since start
 * @param rejected     requests refused since start (overloaded, too long, invalid)
 * @param steps        batch steps run since start
 * @param promptCache  the prompt cache's counters
 */
public record ServiceStats(int running, int queued, long submitted, long rejected, long steps, PromptCacheStats promptCache) {}
