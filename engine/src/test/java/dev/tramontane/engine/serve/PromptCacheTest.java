package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reusing stored keys and values gives bit-identical logits, is bounded, evicts the least recently used, and shows in the service. */
class PromptCacheTest {

    @TempDir
    static Path dir;
    static Model model;

    @BeforeAll
    static void writeModel() {
        model = TestModels.synthetic(dir);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static float[] feed(int[] tokens, int from, KvCache cache) {
        float[] logits = null;
        for (int i = from; i < tokens.length; i++) {
            logits = model.forward(tokens[i], i, cache);
        }
        return logits;
    }

    private static int[] tokens(int... ids) {
        return ids;
    }

    private static final int[] SYSTEM = tokens(1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);

    private static int[] withSuffix(int... suffix) {
        int[] all = Arrays.copyOf(SYSTEM, SYSTEM.length + suffix.length);
        System.arraycopy(suffix, 0, all, SYSTEM.length, suffix.length);
        return all;
    }

    @Test
    void aHitGivesExactlyTheLogitsOfAColdRunAndCountsAsAHit() {
        int[] earlier = withSuffix(30, 31, 32);
        int[] prompt = withSuffix(40, 41, 42, 43);
        KvCache earlierCache = model.newKvCache(64);
        feed(earlier, 0, earlierCache);
        PromptCache cache = new PromptCache(model.config().layers(), 1 << 20, 4);
        cache.store(earlier, earlier.length, earlierCache);

        float[] cold = feed(prompt, 0, model.newKvCache(64));
        KvCache warm = model.newKvCache(64);
        int reused = cache.restore(prompt, prompt.length - 1, warm);
        float[] hit = feed(prompt, reused, warm);

        assertThat(reused).as("the shared system prefix").isEqualTo(SYSTEM.length);
        assertThat(hit).isEqualTo(cold);
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().reusedTokens()).isEqualTo(SYSTEM.length);
    }

    @Test
    void anUnrelatedOrTooShortPrefixIsAMiss() {
        PromptCache cache = new PromptCache(model.config().layers(), 1 << 20, 4);
        KvCache stored = model.newKvCache(64);
        feed(SYSTEM, 0, stored);
        cache.store(SYSTEM, SYSTEM.length, stored);
        assertThat(cache.restore(tokens(1, 50, 51, 52, 53, 54), 5, model.newKvCache(64))).isZero();
        assertThat(cache.restore(tokens(1, 10, 11, 60, 61, 62), 5, model.newKvCache(64))).as("3 < 4 tokens").isZero();
        assertThat(cache.stats().lookups()).isEqualTo(2);
        assertThat(cache.stats().hits()).isZero();
        assertThat(cache.stats().hitRate()).isZero();
    }

    @Test
    void neverHoldsMoreThanItsBytesAndEvictsTheLeastRecentlyUsed() {
        int n = 8;
        long entryBytes = KvCacheType.DEFAULT.bytesPerPosition(model.config()) * n + n * Integer.BYTES;
        PromptCache cache = new PromptCache(model.config().layers(), 2 * entryBytes, 4);
        int[] a = tokens(1, 3, 3, 3, 3, 3, 3, 3);
        int[] b = tokens(1, 4, 4, 4, 4, 4, 4, 4);
        int[] c = tokens(1, 5, 5, 5, 5, 5, 5, 5);
        for (int[] t : new int[][] {a, b}) {
            KvCache kv = model.newKvCache(16);
            feed(t, 0, kv);
            cache.store(t, n, kv);
        }
        assertThat(cache.restore(a, n, model.newKvCache(16))).isEqualTo(n); // a is now the most recently used
        KvCache kv = model.newKvCache(16);
        feed(c, 0, kv);
        cache.store(c, n, kv);

        assertThat(cache.stats().bytes()).isLessThanOrEqualTo(2 * entryBytes);
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.restore(b, n, model.newKvCache(16))).as("b was least recently used").isZero();
        assertThat(cache.restore(a, n, model.newKvCache(16))).isEqualTo(n);
        assertThat(cache.restore(c, n, model.newKvCache(16))).isEqualTo(n);
    }

    @Test
    void aLongerSequenceReplacesItsOwnPrefixAndACoveredOneAddsNothing() {
        PromptCache cache = new PromptCache(model.config().layers(), 1 << 20, 4);
        int[] longer = withSuffix(30, 31, 32);
        KvCache kv = model.newKvCache(64);
        feed(longer, 0, kv);
        cache.store(longer, SYSTEM.length, kv);
        long oneEntry = cache.stats().bytes();
        cache.store(longer, longer.length, kv);
        assertThat(cache.stats().entries()).isEqualTo(1);
        assertThat(cache.stats().bytes()).isGreaterThan(oneEntry);
        cache.store(longer, SYSTEM.length + 1, kv);
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @Test
    void aSecondRequestWithTheSameSystemPromptReusesItAndGeneratesTheSameTokensAsWithoutCache() throws Exception {
        int[] first = withSuffix(30, 31, 32);
        int[] second = withSuffix(40, 41, 42, 43);
        SamplingParams params = SamplingParams.defaults().withSeed(77).withMaxTokens(12);
        ServiceConfig config = ServiceConfig.defaults().withContextLength(128).withPromptCacheMinTokens(4);
        GenerationResult withoutCache;
        try (InferenceService cold = new InferenceService(model, config.withPromptCacheBytes(0))) {
            withoutCache = cold.submit(new GenerationRequest(second, params)).result().get(30, TimeUnit.SECONDS);
            assertThat(cold.stats().promptCache().hits()).isZero();
        }
        try (InferenceService warm = new InferenceService(model, config.withPromptCacheBytes(1 << 20))) {
            GenerationResult r1 = warm.submit(new GenerationRequest(first, params)).result().get(30, TimeUnit.SECONDS);
            GenerationResult r2 = warm.submit(new GenerationRequest(second, params)).result().get(30, TimeUnit.SECONDS);
            assertThat(r1.usage().cachedPromptTokens()).isZero();
            assertThat(r2.usage().cachedPromptTokens()).isEqualTo(SYSTEM.length);
            assertThat(r2.tokens()).isEqualTo(withoutCache.tokens());
            assertThat(warm.stats().promptCache().hits()).isEqualTo(1);
            assertThat(warm.stats().promptCache().lookups()).isEqualTo(2);

            GenerationResult again = warm.submit(new GenerationRequest(second, params)).result().get(30, TimeUnit.SECONDS);
            assertThat(again.usage().cachedPromptTokens()).as("all but the last prompt token").isEqualTo(second.length - 1);
            assertThat(again.tokens()).isEqualTo(withoutCache.tokens());
        }
    }
}
