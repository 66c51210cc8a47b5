package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

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
 * to float tolerance with float activations, and within the activation rounding's own error with
 * 8-bit activations ({@link ActivationRoundingAgreement}).
 */
class BatchedPrefillTest {

    /** Float tolerance relative to the largest logit; both paths do each token's arithmetic alike. */
    private static final double RELATIVE_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}, {2} tokens, {3} activations")
    @CsvSource({"MERGED, Q4_K, 9, F32", "MERGED, Q8_0, 131, F32", "PER_EXPERT, Q4_0, 5, F32", "FUSED_GATE_UP, F16, 7, F32",
            "DENSE, Q6_K, 12, F32", "MERGED, Q4_K, 9, Q8", "MERGED, Q8_0, 131, Q8", "PER_EXPERT, Q4_0, 5, Q8",
            "FUSED_GATE_UP, F16, 7, Q8", "DENSE, Q6_K, 12, Q8", "MERGED, Q4_0, 40, Q8"})
    void batchedPrefillGivesTheLogitsOfOneTokenAtATime(ExpertLayout layout, GgmlType type, int count,
                                                       ActivationPrecision activations) throws IOException {
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
        try (Model model = Model.load(file, activations); Model floats = Model.load(file, ActivationPrecision.F32)) {
            KvCache one = model.newKvCache(count + 1);
            KvCache oneInFloats = floats.newKvCache(count + 1);
            float[] expected = null;
            float[] expectedInFloats = null;
            for (int i = 0; i < count; i++) {
                expected = model.forward(tokens[i], i, one);
                expectedInFloats = floats.forward(tokens[i], i, oneInFloats);
            }
            KvCache batched = model.newKvCache(count + 1);
            float[] actual = model.forward(tokens, 0, batched);
            assertClose(actual, expected, expectedInFloats, activations, "logits after the prompt");

            // The caches hold the same keys and values: the next token sees the same past.
            int next = 3;
            float[] nextExpected = model.forward(next, count, one);
            assertClose(model.forward(next, count, batched), nextExpected, floats.forward(next, count, oneInFloats), activations,
                    "logits of the next token");
        }
    }

    private static void assertClose(float[] actual, float[] expected, float[] withFloatActivations,
                                    ActivationPrecision activations, String what) {
        if (activations == ActivationPrecision.F32) {
            assertClose(actual, expected, what);
        } else {
            ActivationRoundingAgreement.assertAgree(actual, expected, withFloatActivations, what);
        }
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst / scale).as("%s: max |Δ| %s over logits up to %s", what, worst, scale)
                .isLessThanOrEqualTo(RELATIVE_TOLERANCE);
    }
}
