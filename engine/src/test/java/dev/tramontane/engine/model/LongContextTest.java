package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 32k contexts: a cache of 32,768 positions in each type holds position 32,767, attention over all
 * of it matches a float64 computation on the stored values, and a model whose context is 32,768
 * decodes its last positions, one at a time or as one prompt chunk, to the same logits.
 */
class LongContextTest {

    private static final int CONTEXT = 32_768;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "a {0} cache attends over all 32,768 positions as float64 does on its stored values")
    @CsvSource({"F16", "Q8_0", "F32"})
    void attentionOverAFull32kCacheMatchesFloat64(KvCacheType type) {
        ModelConfig config = KvCacheTest.config(1, 2, 64, CONTEXT);
        KvCache cache = KvCache.allocate(config, CONTEXT, type);
        fillWithRandomPast(cache, CONTEXT);
        SplittableRandom r = new SplittableRandom(5);
        float[] q = new float[64];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) r.nextGaussian();
        }
        float scale = 0.125f;
        float[] scores = new float[CONTEXT];
        cache.keyScores(0, 1, q, 0, CONTEXT, scale, scores);
        float[] out = new float[64];
        cache.addWeightedValues(0, 1, scores, CONTEXT, out, 0);

        double[] expected = new double[64];
        float[] key = new float[config.kvDim()];
        float[] value = new float[config.kvDim()];
        double worstScore = 0;
        for (int t = 0; t < CONTEXT; t++) {
            cache.readKey(0, t, key);
            cache.readValue(0, t, value);
            double s = 0;
            for (int i = 0; i < 64; i++) {
                s += (double) q[i] * key[64 + i];
            }
            worstScore = Math.max(worstScore, Math.abs(s * scale - scores[t]));
            for (int i = 0; i < 64; i++) {
                expected[i] += (double) scores[t] * value[64 + i];
            }
        }
        assertThat(worstScore).as("scores, the one of position 32,767 included").isLessThan(1e-5);
        for (int i = 0; i < 64; i++) {
            // a float32 sum of 32,768 terms of size ~1 (partial sums a random walk of ~180): rounding error
            // ~ √32,768 × 2^-24 × 180 ≈ 2e-3; 0.05 is 25 times that and well below one missing term (~1)
            assertThat((double) out[i]).as("output %d", i).isCloseTo(expected[i], within(0.05));
        }
    }

    @ParameterizedTest(name = "a model with a 32k context decodes positions 32,760 to 32,767 in a {0} cache, fed at once or one by one")
    @CsvSource({"F16", "Q8_0", "F32"})
    void theLastPositionsOfA32kContextDecodeAlikeFedAtOnceOrOneByOne(KvCacheType type) throws IOException {
        Path file = dir.resolve("long.gguf");
        SyntheticModel.write(file, new SyntheticModel.Spec(64, 1, 2, 1, 64, 0, 0, 64, CONTEXT, 1e6f, 32, 1e-5f,
                ExpertLayout.DENSE, GgmlType.F32, false, 3));
        int[] tokens = {1, 17, 5, 42, 63, 8, 8, 30};
        int first = CONTEXT - tokens.length;
        try (Model model = Model.load(file)) {
            assertThat(model.config().contextLength()).isEqualTo(CONTEXT);
            KvCache oneByOne = model.newKvCache(CONTEXT, type);
            KvCache atOnce = model.newKvCache(CONTEXT, type);
            fillWithRandomPast(oneByOne, first);
            fillWithRandomPast(atOnce, first);
            float[] expected = null;
            for (int i = 0; i < tokens.length; i++) {
                expected = model.forward(tokens[i], first + i, oneByOne);
            }
            float[] actual = model.forward(tokens, first, atOnce);
            assertThat(actual).containsExactly(expected);
            assertThat(expected).doesNotContain(Float.NaN);
        }
    }

    /** Positions 0 … n−1 of every layer: the same pseudo-random keys and values in any cache. */
    private static void fillWithRandomPast(KvCache cache, int n) {
        SplittableRandom r = new SplittableRandom(11);
        float[] k = new float[cache.kvDim()];
        float[] v = new float[cache.kvDim()];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) r.nextGaussian();
                v[i] = (float) r.nextGaussian();
            }
            cache.store(0, t, k, 0, v, 0);
        }
    }
}
