package dev.tramontane.webapp.config;

import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.serve.ServiceConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the inference service under {@code tramontane.serving.*}; see {@link ServiceConfig}.
 *
 * @param maxConcurrent  sequences decoded together; more requests wait in the queue
 * @param maxQueue       requests allowed to wait; one more is refused (HTTP 429/503)
 * @param maxTokens      the most tokens one answer may have
 * @param contextLength  positions per conversation (prompt + answer), at most the model's own
 * @param promptCacheMb  memory for reused prompt prefixes (0 = off)
 * @param kvCacheType    how each conversation's keys and values are stored: F16 (default), Q8_0 (half of that) or F32
 * @param repack         copy the decode matrices into the engine's repacked layout when a model loads (faster
 *                       one-conversation decode, at the price of a second copy of those weights in memory and
 *                       seconds of loading; {@code Model#repack}); off by default
 */
@ConfigurationProperties("tramontane.serving")
public record ServingProperties(
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("64") int maxQueue,
        @DefaultValue("2048") int maxTokens,
        @DefaultValue("4096") int contextLength,
        @DefaultValue("256") int promptCacheMb,
        @DefaultValue("F16") KvCacheType kvCacheType,
        @DefaultValue("false") boolean repack) {

    public ServiceConfig toServiceConfig() {
        return ServiceConfig.defaults()
                .withMaxConcurrentSequences(maxConcurrent)
                .withMaxQueueLength(maxQueue)
                .withMaxTokensPerRequest(maxTokens)
                .withContextLength(contextLength)
                .withPromptCacheBytes((long) promptCacheMb << 20)
                .withKvCacheType(kvCacheType);
    }
}
