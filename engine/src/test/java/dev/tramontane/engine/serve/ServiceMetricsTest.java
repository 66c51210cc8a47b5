package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service reports its work as tramontane.* Micrometer meters. */
class ServiceMetricsTest {

    @Test
    void reportsTimeToFirstTokenTokenRatesBatchSizesQueueAndPromptCacheHits(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Model model = TestModels.synthetic(dir);
             InferenceService service = new InferenceService(model,
                     ServiceConfig.defaults().withContextLength(64).withPromptCacheMinTokens(4).withMaxTokensPerRequest(16),
                     new MicrometerServiceMetrics(registry), ConstraintCompiler.NONE)) {
            int[] prompt = {1, 10, 11, 12, 13, 14, 15};
            int completion = 0;
            for (int i = 0; i < 3; i++) {
                completion += service.submit(new GenerationRequest(prompt, SamplingParams.defaults().withSeed(i).withMaxTokens(8)))
                        .result().get(30, TimeUnit.SECONDS).usage().completionTokens();
            }
            assertThatThrownBy(() -> service.submit(new GenerationRequest(prompt, SamplingParams.greedy().withMaxTokens(17))))
                    .isInstanceOf(InvalidGenerationRequestException.class);

            assertThat(registry.get("tramontane.generation.time.to.first.token").timer().count()).isEqualTo(3);
            assertThat(registry.get("tramontane.scheduler.batch.size").summary().count()).isPositive();
            assertThat(registry.get("tramontane.scheduler.queue.length").gauge().value()).isZero();
            assertThat(registry.get("tramontane.prompt.cache.lookups").tag("result", "hit").counter().count()).isEqualTo(2);
            assertThat(registry.get("tramontane.prompt.cache.lookups").tag("result", "miss").counter().count()).isEqualTo(1);
            assertThat(registry.get("tramontane.prompt.cache.hit.rate").gauge().value()).isEqualTo(2.0 / 3);
            assertThat(registry.get("tramontane.generation.tokens").tag("type", "completion").counter().count()).isEqualTo(completion);
            assertThat(registry.get("tramontane.generation.tokens").tag("type", "prompt").counter().count()).isEqualTo(21);
            assertThat(registry.get("tramontane.generation.rejected").tag("reason", "InvalidGenerationRequestException")
                    .counter().count()).isEqualTo(1);
            double finished = registry.find("tramontane.generation.requests").counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(finished).isEqualTo(3);
        }
    }
}
