package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The service keeps its sequences' keys and values in the configured KV cache type (F16 by default). */
class ServiceKvCacheTypeTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "a service with {0} KV caches decodes greedily as the forward pass does with a {0} cache")
    @EnumSource(KvCacheType.class)
    void theServiceDecodesWithTheConfiguredKvCacheType(KvCacheType type) throws Exception {
        assertThat(ServiceConfig.defaults().kvCacheType()).isEqualTo(KvCacheType.F16);
        try (Model model = TestModels.synthetic(dir)) {
            int[] prompt = {model.tokenizer().bos(), 7, 11, 5};
            int maxTokens = 12;
            int[] expected = greedy(model, prompt, maxTokens, type);
            ServiceConfig config = ServiceConfig.defaults().withContextLength(64).withPromptCacheBytes(0).withKvCacheType(type);
            try (InferenceService service = new InferenceService(model, config)) {
                GenerationResult r = service.submit(new GenerationRequest(prompt,
                        SamplingParams.defaults().withTemperature(0f).withMaxTokens(maxTokens))).result().get(30, TimeUnit.SECONDS);
                int[] actual = r.tokens();
                assertThat(actual).isNotEmpty();
                assertThat(expected).startsWith(actual);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aServiceConfiguredForQ8_0OnHeadsThatCannotHoldItsBlocksRefusesToStartNamingTheFix() throws Exception {
        Path file = dir.resolve("heads48.gguf");
        dev.tramontane.engine.model.SyntheticModel.write(file, new dev.tramontane.engine.model.SyntheticModel.Spec(96, 1, 2, 1, 64,
                0, 0, 64, 64, 10000f, 48, 1e-5f, dev.tramontane.engine.model.ExpertLayout.DENSE,
                dev.tramontane.engine.quant.GgmlType.F32, false, 4));
        try (Model model = Model.load(file)) {
            SamplingParams greedy = SamplingParams.defaults().withTemperature(0f).withMaxTokens(2);
            ServiceConfig config = ServiceConfig.defaults().withContextLength(32).withPromptCacheBytes(0);
            try (InferenceService f16 = new InferenceService(model, config)) {
                assertThat(f16.submit(new GenerationRequest(new int[] {1, 5}, greedy)).result().get(30, TimeUnit.SECONDS).error())
                        .isNull();
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InferenceService(model, config.withKvCacheType(KvCacheType.Q8_0)))
                    .hasMessageContaining("kvCacheType = Q8_0").hasMessageContaining("divisible by 32").hasMessageContaining("48 wide");
        }
    }

    @org.junit.jupiter.api.Test
    void aKvCacheThatCannotBeAllocatedFailsThatRequestWithTheReasonAndTheServiceGoesOn() throws Exception {
        // 2^21 positions × 1024 values per layer: one F16 layer array (2^32 bytes) would exceed a Java array.
        Path file = dir.resolve("huge-context.gguf");
        dev.tramontane.engine.model.SyntheticModel.write(file, new dev.tramontane.engine.model.SyntheticModel.Spec(1024, 1, 16, 16, 64,
                0, 0, 64, 1 << 21, 10000f, 64, 1e-5f, dev.tramontane.engine.model.ExpertLayout.DENSE,
                dev.tramontane.engine.quant.GgmlType.F32, false, 4));
        try (Model model = Model.load(file)) {
            SamplingParams greedy = SamplingParams.defaults().withTemperature(0f).withMaxTokens(2);
            ServiceConfig config = ServiceConfig.defaults().withContextLength(1 << 21).withPromptCacheBytes(0);
            try (InferenceService service = new InferenceService(model, config)) {
                for (int attempt = 0; attempt < 2; attempt++) {
                    GenerationResult r = service.submit(new GenerationRequest(new int[] {1, 5}, greedy)).result().get(30, TimeUnit.SECONDS);
                    assertThat(r.finishReason()).isEqualTo(FinishReason.ERROR);
                    assertThat(r.error()).hasMessageContaining("no room for this request's KV cache")
                            .hasMessageContaining("exceeds one Java array");
                }
            }
        }
    }

    /** Greedy tokens straight from the forward pass with a cache of {@code type}, stopping at EOS. */
    private static int[] greedy(Model model, int[] prompt, int n, KvCacheType type) {
        KvCache cache = model.newKvCache(64, type);
        float[] logits = model.forward(prompt, 0, cache);
        int[] out = new int[n];
        int count = 0;
        for (int position = prompt.length; count < n; position++) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            out[count++] = best;
            if (best == model.tokenizer().eos()) {
                break;
            }
            logits = model.forward(best, position, cache);
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
