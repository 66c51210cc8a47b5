package dev.tramontane.engine.serve;

import dev.tramontane.engine.model.KvCacheType;

/**
 * Limits and sizes of an {@link InferenceService}.
 *
 * <p>Memory: each running sequence owns a KV cache of {@code kvCacheType}:
 * {@code 2 × layers × contextLength × kvDim × b} bytes, b = 2 for F16 (the default), 34/32 for
 * Q8_0, 4 for F32 (Mixtral 8x7B, 32 layers × 1024: 128 KiB per position in F16, 512 MiB for
 * 4,096 positions), allocated on first use and kept for the next sequence. The prompt cache adds at
 * most {@code promptCacheBytes}.
 *
 * @param maxConcurrentSequences sequences decoded together in one batch; more requests wait
 * @param maxQueueLength         requests allowed to wait; one more is refused with {@link ServiceOverloadedException}
 * @param maxTokensPerRequest    the largest max tokens a request may ask for (and the default when it asks for none)
 * @param contextLength          positions per sequence (prompt + generated); at most the model's trained context
 * @param promptCacheBytes       memory for reusable prompt prefixes (0 turns the prompt cache off)
 * @param promptCacheMinTokens   shorter prefixes are neither stored nor reused (copying them costs more than recomputing)
 * @param prefillChunkTokens     prompt tokens a sequence feeds per step (its prompt is read in chunks of this many, through
 *                               the transformer's multi-token forward, while the other sequences decode); larger chunks
 *                               read prompts faster, smaller ones keep the others' tokens flowing
 * @param kvCacheType            how keys and values are stored (F16 default; Q8_0 halves that again, F32 is exact)
 */
public record ServiceConfig(int maxConcurrentSequences, int maxQueueLength, int maxTokensPerRequest, int contextLength,
                            long promptCacheBytes, int promptCacheMinTokens, int prefillChunkTokens,
                            KvCacheType kvCacheType) {

    public ServiceConfig {
        require(maxConcurrentSequences >= 1, "maxConcurrentSequences", maxConcurrentSequences, ">= 1");
        require(maxQueueLength >= 0, "maxQueueLength", maxQueueLength, ">= 0");
        require(maxTokensPerRequest >= 1, "maxTokensPerRequest", maxTokensPerRequest, ">= 1");
        require(contextLength >= 2, "contextLength", contextLength, ">= 2");
        require(promptCacheBytes >= 0, "promptCacheBytes", promptCacheBytes, ">= 0 (0 = off)");
        require(promptCacheMinTokens >= 1, "promptCacheMinTokens", promptCacheMinTokens, ">= 1");
        require(prefillChunkTokens >= 1, "prefillChunkTokens", prefillChunkTokens, ">= 1");
        if (kvCacheType == null) {
            throw new IllegalArgumentException("serving setting kvCacheType is missing; expected F16, Q8_0 or F32");
        }
    }

    /**
     * 4 concurrent sequences, 64 waiting, 2,048 tokens per request, 4,096 positions, 256 MiB of
     * prompt cache, prefixes of 16+ tokens, prompts read 64 tokens per step, F16 KV caches.
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig(4, 64, 2048, 4096, 256L << 20, 16, 64, KvCacheType.DEFAULT);
    }

    public ServiceConfig withMaxConcurrentSequences(int v) {
        return new ServiceConfig(v, maxQueueLength, maxTokensPerRequest, contextLength, promptCacheBytes, promptCacheMinTokens, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withMaxQueueLength(int v) {
        return new ServiceConfig(maxConcurrentSequences, v, maxTokensPerRequest, contextLength, promptCacheBytes, promptCacheMinTokens, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withMaxTokensPerRequest(int v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, v, contextLength, promptCacheBytes, promptCacheMinTokens, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withContextLength(int v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, maxTokensPerRequest, v, promptCacheBytes, promptCacheMinTokens, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withPromptCacheBytes(long v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, maxTokensPerRequest, contextLength, v, promptCacheMinTokens, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withPromptCacheMinTokens(int v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, maxTokensPerRequest, contextLength, promptCacheBytes, v, prefillChunkTokens, kvCacheType);
    }

    public ServiceConfig withPrefillChunkTokens(int v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, maxTokensPerRequest, contextLength, promptCacheBytes, promptCacheMinTokens, v, kvCacheType);
    }

    public ServiceConfig withKvCacheType(KvCacheType v) {
        return new ServiceConfig(maxConcurrentSequences, maxQueueLength, maxTokensPerRequest, contextLength, promptCacheBytes, promptCacheMinTokens, prefillChunkTokens, v);
    }

    private static void require(boolean ok, String name, long value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("serving setting " + name + " = " + value + " is invalid; expected " + expected);
        }
    }
}
