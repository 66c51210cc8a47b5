package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched prefill (all prompt tokens through each layer together, tokens grouped by expert)
 * gives the logits that feeding the same tokens one at a time gives, and leaves the same KV cache:
 * to float tolerance where nothing is rounded on the way, within the rounding's own error where
 * activations or the KV cache are rounded ({@link RoundingAgreement}).
 */
class BatchedPrefillTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}, {2} tokens, {3} activations, {4} KV cache")
    @CsvSource({"MERGED, Q4_K, 9, F32, F32", "MERGED, Q8_0, 131, F32, F32", "PER_EXPERT, Q4_0, 5, F32, F32",
            "FUSED_GATE_UP, F16, 7, F32, F32", "DENSE, Q6_K, 12, F32, F32", "MERGED, Q4_K, 9, F32, F16",
            "MERGED, Q4_K, 9, Q8, F16", "MERGED, Q8_0, 131, Q8, F16", "PER_EXPERT, Q4_0, 5, Q8, F32",
            "FUSED_GATE_UP, F16, 7, Q8, F16", "DENSE, Q6_K, 12, Q8, F16", "MERGED, Q4_0, 40, Q8, Q8_0"})
    void batchedPrefillGivesTheLogitsOfOneTokenAtATime(ExpertLayout layout, GgmlType type, int count,
                                                       ActivationPrecision activations, KvCacheType kvType) throws IOException {
        Path file = dir.resolve(layout + "-" + type + ".gguf");
        SyntheticModel.Spec spec = SyntheticModel.Spec.tinyMixtral(layout, type, 11);
        spec = new SyntheticModel.Spec(spec.dim(), spec.layers(), spec.heads(), spec.kvHeads(), spec.ffnDim(), spec.experts(),
                spec.expertsUsed(), spec.vocabSize(), 256, spec.ropeBase(), spec.ropeDims(), spec.rmsEps(), layout, type,
                false, 11);
        SyntheticModel.write(file, spec);
        SplittableRandom random = new SplittableRandom(count);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = random.nextInt(spec.vocabSize());
        }
        try (Model model = Model.load(file, activations); Model unrounded = Model.load(file, ActivationPrecision.F32)) {
            KvCache one = model.newKvCache(count + 1, kvType);
            KvCache oneUnrounded = unrounded.newKvCache(count + 1, KvCacheType.F32);
            float[] expected = null;
            float[] expectedUnrounded = null;
            for (int i = 0; i < count; i++) {
                expected = model.forward(tokens[i], i, one);
                expectedUnrounded = unrounded.forward(tokens[i], i, oneUnrounded);
            }
            KvCache batched = model.newKvCache(count + 1, kvType);
            float[] actual = model.forward(tokens, 0, batched);
            RoundingAgreement.assertAgree(actual, expected, expectedUnrounded, activations, kvType, "logits after the prompt");

            // The caches hold the same keys and values: the next token sees the same past.
            int next = 3;
            float[] nextExpected = model.forward(next, count, one);
            RoundingAgreement.assertAgree(model.forward(next, count, batched), nextExpected,
                    unrounded.forward(next, count, oneUnrounded), activations, kvType, "logits of the next token");
        }
    }
}
