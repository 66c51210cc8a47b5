package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batched decoding step ({@link Transformer#forwardBatch}: one pass over the weights for every
 * sequence, tokens grouped by expert, each token attending over its own cache) gives each sequence
 * the logits that {@link Transformer#forward(int, int, KvCache)} gives it alone, and leaves its cache
 * as the one-token step would: to float tolerance where nothing is rounded on the way, within the
 * rounding's own error where activations or the KV cache are rounded ({@link RoundingAgreement}).
 */
class BatchedDecodeTest {

    private static final int[] BATCH_SIZES = {1, 2, 3, 5, 16};
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}, {2} activations, {3} KV cache")
    @CsvSource({"MERGED, Q4_0, F32, F32", "MERGED, Q8_0, F32, F32", "PER_EXPERT, Q4_K, F32, F16", "MERGED, Q4_K, Q8, F32",
            "DENSE, Q8_0, Q8, F16", "DENSE, Q4_0, F32, F32", "MERGED, Q8_0, Q8, Q8_0", "MERGED, Q4_0, Q8, F16",
            "MERGED, Q6_K, Q8, F16", "MERGED, F16, Q8, F32"})
    void everySequenceInABatchGetsTheLogitsItGetsAlone(ExpertLayout layout, GgmlType type, ActivationPrecision activations,
                                                        KvCacheType kvType) throws IOException {
        Path file = dir.resolve(layout + "-" + type + ".gguf");
        SyntheticModel.write(file, eightExpertsTopTwo(layout, type));
        try (Model model = Model.load(file, activations); Model unrounded = Model.load(file, ActivationPrecision.F32)) {
            int vocab = model.config().vocabSize();
            for (int n : BATCH_SIZES) {
                SplittableRandom random = new SplittableRandom(31L * n + type.ordinal());
                KvCache[] alone = new KvCache[n];
                KvCache[] batched = new KvCache[n];
                KvCache[] aloneUnrounded = new KvCache[n];
                int[] positions = new int[n];
                int[] tokens = new int[n];
                for (int i = 0; i < n; i++) {
                    // Different prompt lengths put the sequences at different positions.
                    int[] prompt = random.ints(1 + (i * 7 + n) % 23, 0, vocab).toArray();
                    alone[i] = model.newKvCache(64, kvType);
                    batched[i] = model.newKvCache(64, kvType);
                    aloneUnrounded[i] = unrounded.newKvCache(64, KvCacheType.F32);
                    model.forward(prompt, 0, alone[i]);
                    model.forward(prompt, 0, batched[i]);
                    unrounded.forward(prompt, 0, aloneUnrounded[i]);
                    positions[i] = prompt.length;
                    tokens[i] = random.nextInt(vocab);
                }
                for (int step = 0; step < STEPS; step++) {
                    float[][] actual = model.transformer().forwardBatch(tokens, positions, batched);
                    assertThat(actual.length).isEqualTo(n);
                    for (int i = 0; i < n; i++) {
                        float[] expected = model.forward(tokens[i], positions[i], alone[i]);
                        float[] expectedUnrounded = unrounded.forward(tokens[i], positions[i], aloneUnrounded[i]);
                        RoundingAgreement.assertAgree(actual[i], expected, expectedUnrounded, activations, kvType,
                                n + " sequences, step " + step + ": sequence " + i + " at position " + positions[i]);
                    }
                    for (int i = 0; i < n; i++) {
                        positions[i]++;
                        tokens[i] = random.nextInt(vocab);
                    }
                }
            }
        }
    }

    @Test
    void aBatchLargerThanOnePassIsSplitAndStillAgrees() throws IOException {
        Path file = dir.resolve("large-batch.gguf");
        SyntheticModel.write(file, eightExpertsTopTwo(ExpertLayout.MERGED, GgmlType.Q8_0));
        try (Model model = Model.load(file, ActivationPrecision.F32)) {
            int n = Transformer.PREFILL_BATCH + 3;
            SplittableRandom random = new SplittableRandom(5);
            int[] tokens = random.ints(n, 0, model.config().vocabSize()).toArray();
            int[] positions = new int[n];
            KvCache[] alone = new KvCache[n];
            KvCache[] batched = new KvCache[n];
            for (int i = 0; i < n; i++) {
                alone[i] = model.newKvCache(4, KvCacheType.F32);
                batched[i] = model.newKvCache(4, KvCacheType.F32);
            }
            float[][] actual = model.transformer().forwardBatch(tokens, positions, batched);
            for (int i = 0; i < n; i++) {
                float[] expected = model.forward(tokens[i], 0, alone[i]);
                RoundingAgreement.assertAgree(actual[i], expected, null, ActivationPrecision.F32, KvCacheType.F32,
                        "sequence " + i + " of " + n);
            }
        }
    }

    @Test
    void twoEntriesSharingOneCacheAreRefusedWithTheReason() throws IOException {
        Path file = dir.resolve("shared.gguf");
        SyntheticModel.write(file, eightExpertsTopTwo(ExpertLayout.MERGED, GgmlType.Q8_0));
        try (Model model = Model.load(file)) {
            KvCache cache = model.newKvCache(8);
            KvCache other = model.newKvCache(8);
            assertThatThrownBy(() -> model.transformer().forwardBatch(new int[] {1, 2, 3}, new int[] {0, 0, 1},
                    new KvCache[] {cache, other, cache}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("entries 0 and 2 share one KV cache");
        }
    }

    /** Three layers, 8 experts with 2 per token (Mixtral's routing), dims as small as K-quant rows allow. */
    private static SyntheticModel.Spec eightExpertsTopTwo(ExpertLayout layout, GgmlType type) {
        boolean dense = layout == ExpertLayout.DENSE;
        return new SyntheticModel.Spec(256, 3, 4, 2, 256, dense ? 0 : 8, dense ? 0 : 2, 96, 64, 10000f, 64, 1e-5f,
                layout, type, false, 17);
    }
}
