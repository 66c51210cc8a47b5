package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The KV caches of every type: what they store is the input rounded as the type rounds it, and the
 * vector attention loops agree with their scalar twins (and with a float64 computation over the
 * stored values) on random data, for head widths that fill whole vectors, leave a tail, or are
 * narrower than a vector.
 */
class KvCacheTest {

    /** A model shape with {@code layers} layers, {@code kvHeads} KV heads of {@code headDim}, twice as many query heads. */
    static ModelConfig config(int layers, int kvHeads, int headDim, int context) {
        return new ModelConfig(2 * kvHeads * headDim, layers, 2 * kvHeads, kvHeads, headDim, 10000f, headDim, 1e-5f, context,
                64, 0, 0, 32, 1f);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest(name = "{0} stores keys and values rounded as its type rounds them")
    @CsvSource({"F32", "F16", "Q8_0"})
    void storedKeysAndValuesAreTheInputRoundedToTheType(KvCacheType type) {
        ModelConfig config = config(2, 2, 64, 8);
        KvCache cache = KvCache.allocate(config, 8, type);
        SplittableRandom r = new SplittableRandom(1);
        float[] k = random(r, 3 + config.kvDim());
        float[] v = random(r, 5 + config.kvDim());
        cache.store(1, 6, k, 3, v, 5);
        float[] key = new float[config.kvDim()];
        float[] value = new float[config.kvDim()];
        cache.readKey(1, 6, key);
        cache.readValue(1, 6, value);
        for (int i = 0; i < config.kvDim(); i++) {
            switch (type) {
                case F32 -> {
                    assertThat(key[i]).isEqualTo(k[3 + i]);
                    assertThat(value[i]).isEqualTo(v[5 + i]);
                }
                case F16 -> {
                    assertThat(key[i]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(k[3 + i])));
                    assertThat(value[i]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(v[5 + i])));
                }
                case Q8_0 -> {
                    // half a quantization step (max|x| / 127 / 2) plus 127 steps times the fp16 scale's rounding (2^-11)
                    float step = blockMax(k, 3, i) / 127f;
                    assertThat(key[i]).isCloseTo(k[3 + i], org.assertj.core.data.Offset.offset(step * 0.57f));
                }
            }
        }
        assertThat(cache.bytes()).isEqualTo(type.bytesPerPosition(config) * 8);
    }

    private static float blockMax(float[] x, int offset, int i) {
        int start = offset + i / 32 * 32;
        float max = 0;
        for (int j = start; j < start + 32; j++) {
            max = Math.max(max, Math.abs(x[j]));
        }
        return max;
    }

    @ParameterizedTest(name = "{0} with heads of {1}: vector scores and weighted values agree with the scalar twins and float64")
    @CsvSource({"F32, 64", "F32, 40", "F32, 4", "F16, 64", "F16, 12", "F16, 6", "F16, 128", "Q8_0, 32", "Q8_0, 96", "Q8_0, 128"})
    void vectorAttentionLoopsAgreeWithTheirScalarTwins(KvCacheType type, int headDim) {
        int positions = 37;
        ModelConfig config = config(1, 3, headDim, positions);
        KvCache cache = KvCache.allocate(config, positions, type);
        SplittableRandom r = new SplittableRandom(headDim);
        for (int t = 0; t < positions; t++) {
            cache.store(0, t, random(r, config.kvDim()), 0, random(r, config.kvDim()), 0);
        }
        float[] q = random(r, 7 + headDim);
        float[] weights = random(r, positions);
        float scale = 0.125f;
        int kvHead = 2;
        float[] vector = new float[positions];
        float[] scalar = new float[positions];
        cache.keyScores(0, kvHead, q, 7, positions, scale, vector);
        scalarKeyScores(cache, kvHead, q, 7, positions, scale, scalar);
        float[] key = new float[config.kvDim()];
        for (int t = 0; t < positions; t++) {
            cache.readKey(0, t, key);
            double exact = 0;
            for (int i = 0; i < headDim; i++) {
                exact += (double) q[7 + i] * key[kvHead * headDim + i];
            }
            exact *= scale;
            // float32 sums of headDim products: a few ulps of the sum of magnitudes
            double bound = 1e-6 * headDim * scale * 4;
            assertThat((double) vector[t]).as("vector score %d", t).isCloseTo(exact, org.assertj.core.data.Offset.offset(bound));
            assertThat((double) scalar[t]).as("scalar score %d", t).isCloseTo(exact, org.assertj.core.data.Offset.offset(bound));
        }

        float[] outVector = random(new SplittableRandom(9), 3 + headDim);
        float[] outScalar = outVector.clone();
        double[] exact = new double[headDim];
        for (int i = 0; i < headDim; i++) {
            exact[i] = outVector[3 + i];
        }
        float[] value = new float[config.kvDim()];
        for (int t = 0; t < positions; t++) {
            cache.readValue(0, t, value);
            for (int i = 0; i < headDim; i++) {
                exact[i] += (double) weights[t] * value[kvHead * headDim + i];
            }
        }
        cache.addWeightedValues(0, kvHead, weights, positions, outVector, 3);
        scalarAddWeightedValues(cache, kvHead, weights, positions, outScalar, 3);
        for (int i = 0; i < headDim; i++) {
            assertThat((double) outVector[3 + i]).as("vector value %d", i).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(1e-4));
            assertThat((double) outScalar[3 + i]).as("scalar value %d", i).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(outVector[0]).as("nothing before the offset is touched").isEqualTo(outScalar[0]);
    }

    private static void scalarKeyScores(KvCache c, int kvHead, float[] q, int qOffset, int n, float scale, float[] out) {
        switch (c) {
            case F32KvCache f -> f.keyScoresScalar(0, kvHead, q, qOffset, n, scale, out);
            case F16KvCache f -> f.keyScoresScalar(0, kvHead, q, qOffset, n, scale, out);
            case Q8_0KvCache f -> f.keyScoresScalar(0, kvHead, q, qOffset, n, scale, out);
        }
    }

    private static void scalarAddWeightedValues(KvCache c, int kvHead, float[] w, int n, float[] out, int outOffset) {
        switch (c) {
            case F32KvCache f -> f.addWeightedValuesScalar(0, kvHead, w, n, out, outOffset);
            case F16KvCache f -> f.addWeightedValuesScalar(0, kvHead, w, n, out, outOffset);
            case Q8_0KvCache f -> f.addWeightedValuesScalar(0, kvHead, w, n, out, outOffset);
        }
    }

    @ParameterizedTest(name = "a {0} prefix copies bit for bit")
    @CsvSource({"F32", "F16", "Q8_0"})
    void aCopiedPrefixHoldsTheSameBytes(KvCacheType type) {
        ModelConfig config = config(2, 2, 32, 10);
        KvCache cache = KvCache.allocate(config, 10, type);
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 10; t++) {
            for (int l = 0; l < 2; l++) {
                cache.store(l, t, random(r, config.kvDim()), 0, random(r, config.kvDim()), 0);
            }
        }
        KvCache copy = cache.copyOfPrefix(6);
        assertThat(copy.capacity()).isEqualTo(6);
        float[] a = new float[config.kvDim()];
        float[] b = new float[config.kvDim()];
        for (int t = 0; t < 6; t++) {
            cache.readValue(1, t, a);
            copy.readValue(1, t, b);
            assertThat(b).containsExactly(a);
        }
        assertThatThrownBy(() -> cache.copyPrefixTo(KvCache.allocate(config, 10, type == KvCacheType.F32 ? KvCacheType.F16
                : KvCacheType.F32), 4)).hasMessageContaining("cannot copy a " + type);
    }

    @Test
    void typesParseByNameInAnyCaseAndUnknownNamesListTheChoices() {
        assertThat(KvCacheType.parse("f16")).isEqualTo(KvCacheType.F16);
        assertThat(KvCacheType.parse("q8_0")).isEqualTo(KvCacheType.Q8_0);
        assertThat(KvCacheType.parse("Q8")).isEqualTo(KvCacheType.Q8_0);
        assertThat(KvCacheType.parse("F32")).isEqualTo(KvCacheType.F32);
        assertThatThrownBy(() -> KvCacheType.parse("q4_0")).hasMessageContaining("\"q4_0\"").hasMessageContaining("F16, Q8_0, F32");
        assertThat(KvCacheType.DEFAULT).isEqualTo(KvCacheType.F16);
    }

    @Test
    void aQ8_0CacheRefusesHeadsThatDoNotHoldWholeBlocks() {
        assertThatThrownBy(() -> KvCache.allocate(config(1, 2, 48, 4), 4, KvCacheType.Q8_0))
                .hasMessageContaining("48 wide").hasMessageContaining("--kv-type F16");
    }
}
