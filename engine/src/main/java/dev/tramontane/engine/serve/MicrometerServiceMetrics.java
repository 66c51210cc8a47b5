package dev.tramontane.engine.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The service's measurements as Micrometer meters, all named {@code tramontane.*} (listed in
 * docs/serving.md): time to first token, tokens per second per request, queue length, batch size,
 * prompt-cache hit rate, and counters of requests, tokens and refusals.
 */
public final class MicrometerServiceMetrics implements ServiceMetrics {

    private final MeterRegistry registry;
    private final Timer timeToFirstToken;
    private final DistributionSummary tokensPerSecond;
    private final DistributionSummary batchSize;
    private final Timer stepTime;
    private final Counter promptCacheHits;
    private final Counter promptCacheMisses;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Counter cachedPromptTokens;

    public MicrometerServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToFirstToken = Timer.builder("tramontane.generation.time.to.first.token")
                .description("From submission to the first sampled token, queueing and prompt included")
                .publishPercentiles(0.5, 0.95).register(registry);
        this.tokensPerSecond = DistributionSummary.builder("tramontane.generation.tokens.per.second")
                .description("Generated tokens per second of one request, after its first token")
                .baseUnit("tokens/s").register(registry);
        this.batchSize = DistributionSummary.builder("tramontane.scheduler.batch.size")
                .description("Sequences in one scheduler step").register(registry);
        this.stepTime = Timer.builder("tramontane.scheduler.step")
                .description("Duration of one batched forward step").register(registry);
        this.promptCacheHits = lookups("hit");
        this.promptCacheMisses = lookups("miss");
        this.promptTokens = tokens("prompt");
        this.completionTokens = tokens("completion");
        this.cachedPromptTokens = tokens("cached_prompt");
    }

    private Counter lookups(String result) {
        return Counter.builder("tramontane.prompt.cache.lookups").tag("result", result)
                .description("Prompt-cache lookups by outcome").register(registry);
    }

    private Counter tokens(String type) {
        return Counter.builder("tramontane.generation.tokens").tag("type", type)
                .description("Tokens processed, by kind").register(registry);
    }

    @Override
    public void bind(InferenceService service) {
        Gauge.builder("tramontane.scheduler.queue.length", service, s -> s.stats().queued())
                .description("Requests waiting for a slot").register(registry);
        Gauge.builder("tramontane.scheduler.running", service, s -> s.stats().running())
                .description("Sequences in the running batch").register(registry);
        Gauge.builder("tramontane.prompt.cache.hit.rate", service, s -> s.stats().promptCache().hitRate())
                .description("Prompt-cache hits per lookup since start").register(registry);
        Gauge.builder("tramontane.prompt.cache.bytes", service, s -> s.stats().promptCache().bytes())
                .baseUnit("bytes").description("Memory held by cached prompt prefixes").register(registry);
    }

    @Override
    public void rejected(String reason) {
        Counter.builder("tramontane.generation.rejected").tag("reason", reason)
                .description("Requests refused at submission").register(registry).increment();
    }

    @Override
    public void step(int size, long nanos) {
        batchSize.record(size);
        stepTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void promptCacheLookup(int promptLength, int reusedTokens) {
        (reusedTokens > 0 ? promptCacheHits : promptCacheMisses).increment();
    }

    @Override
    public void firstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void finished(GenerationResult result) {
        Counter.builder("tramontane.generation.requests")
                .tag("finish.reason", result.finishReason().name().toLowerCase(Locale.ROOT))
                .description("Finished requests by finish reason").register(registry).increment();
        promptTokens.increment(result.usage().promptTokens());
        completionTokens.increment(result.usage().completionTokens());
        cachedPromptTokens.increment(result.usage().cachedPromptTokens());
        double rate = result.tokensPerSecond();
        if (rate > 0) {
            tokensPerSecond.record(rate);
        }
    }
}
