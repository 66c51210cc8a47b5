package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without any fixture: the project's own writer builds random models in every expert layout and
 * every supported weight type, and the engine's float32 forward pass agrees with the float64
 * reference run on the same (dequantized) weights, position after position.
 */
class SyntheticModelAgreementTest {

    /**
     * Largest allowed |engine − reference| over all logits, relative to the largest reference logit.
     * Measured: 0.5e-6 … 4e-6 over every case here (float32 accumulation over rows of 256 through two
     * layers); 2e-5 leaves room for kernels that sum in another order and stays orders of magnitude
     * below what any wrong step (a swapped rope pair, a wrong expert, a missing norm) produces.
     */
    private static final double RELATIVE_TOLERANCE = 2e-5;
    private static final int[] TOKENS = {1, 17, 5, 42, 63, 8, 8, 30};

    @TempDir
    Path dir;

    /**
     * Every supported type in the merged layout, and every other layout in F32, F16 and Q4_K: the
     * layout decides which bytes form an expert, the type how they decode; their combinations add
     * nothing but run time.
     */
    static Stream<Arguments> layoutsAndTypes() {
        List<Arguments> cases = new ArrayList<>();
        for (GgmlType type : GgmlType.values()) {
            if (type.supported()) {
                cases.add(Arguments.of(ExpertLayout.MERGED, type));
            }
        }
        for (ExpertLayout layout : ExpertLayout.values()) {
            if (layout != ExpertLayout.MERGED) {
                for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q4_K)) {
                    cases.add(Arguments.of(layout, type));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "a random {0} model in {1} agrees with the float64 reference")
    @MethodSource("layoutsAndTypes")
    void theEngineAgreesWithTheFloat64ReferenceOnARandomModel(ExpertLayout layout, GgmlType type) throws IOException {
        Path file = dir.resolve(layout + "-" + type + ".gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(layout, type, 42 + type.id()));
        assertAgreement(file, layout);
    }

    @Test
    void aTiedOutputAndAPartialRopeAgreeWithTheReference() throws IOException {
        Path file = dir.resolve("tied.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 7)
                .withTiedOutput(true).withRope(1e6f, 32));
        try (Model model = Model.load(file)) {
            assertThat(model.weights().tiedOutput()).isTrue();
            assertThat(model.config().ropeDims()).isEqualTo(32);
            assertThat(model.config().ropeBase()).isEqualTo(1e6f);
        }
        assertAgreement(file, ExpertLayout.MERGED);
    }

    @Test
    void linearRopeScalingAndFrequencyFactorsAgreeWithTheReferenceAndChangeTheLogits() throws IOException {
        Path plain = dir.resolve("plain.gguf");
        SyntheticModel.write(plain, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 5));
        float[] factors = new float[32];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = 1 + i / 4f;
        }
        Path scaled = dir.resolve("scaled.gguf");
        new GgufRewriter()
                .set("llama.rope.scaling.type", dev.tramontane.engine.gguf.GgufValue.ofString("linear"))
                .set("llama.rope.scaling.factor", dev.tramontane.engine.gguf.GgufValue.ofFloat32(4f))
                .add("rope_freqs.weight", factors)
                .rewrite(plain, scaled);
        try (Model model = Model.load(scaled)) {
            assertThat(model.config().ropeFreqScale()).isEqualTo(0.25f);
            assertThat(model.weights().ropeFrequencyFactors()).containsExactly(factors);
        }
        assertAgreement(scaled, ExpertLayout.MERGED);
        try (Model a = Model.load(plain); Model b = Model.load(scaled)) {
            KvCache ca = a.newKvCache(2);
            KvCache cb = b.newKvCache(2);
            a.forward(TOKENS[0], 0, ca);
            b.forward(TOKENS[0], 0, cb);
            assertThat(b.forward(TOKENS[1], 1, cb)).isNotEqualTo(a.forward(TOKENS[1], 1, ca));
        }
    }

    /** A prompt fed in chunks through the batched path, against the float64 reference fed token by token. */
    @Test
    void feedingAPromptInChunksAgreesWithTheReferenceAsTokenByTokenFeedingDoes() throws IOException {
        Path file = dir.resolve("prompt.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.PER_EXPERT, GgmlType.Q8_0, 3));
        ReferenceForwardPass reference;
        try (GgufFile gguf = GgufFile.open(file)) {
            reference = new ReferenceForwardPass(gguf);
        }
        double[] expected = null;
        for (int token : TOKENS) {
            expected = reference.forward(token);
        }
        try (Model model = Model.load(file, ActivationPrecision.F32)) {
            KvCache chunked = model.newKvCache(TOKENS.length, KvCacheType.F32);
            model.forward(Arrays.copyOfRange(TOKENS, 0, 3), 0, chunked);
            float[] actual = model.forward(Arrays.copyOfRange(TOKENS, 3, TOKENS.length), 3, chunked);
            double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
            assertThat(worst / scale).as("max |Δ| %s over logits up to %s", worst, scale).isLessThanOrEqualTo(RELATIVE_TOLERANCE);
        }
    }

    private static void assertAgreement(Path file, ExpertLayout layout) throws IOException {
        ReferenceForwardPass reference;
        try (GgufFile gguf = GgufFile.open(file)) {
            reference = new ReferenceForwardPass(gguf);
        }
        try (Model model = Model.load(file, ActivationPrecision.F32)) { // the reference multiplies float activations
            assertThat(model.weights().expertLayout()).isEqualTo(layout);
            KvCache cache = model.newKvCache(TOKENS.length, KvCacheType.F32); // the reference keeps keys and values exact
            double worstRelative = 0;
            for (int pos = 0; pos < TOKENS.length; pos++) {
                float[] logits = model.forward(TOKENS[pos], pos, cache);
                double[] expected = reference.forward(TOKENS[pos]);
                double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
                }
                worstRelative = Math.max(worstRelative, worst / scale);
                assertThat(worst / scale).as("%s position %d: max |Δ| %s over logits up to %s", file.getFileName(), pos, worst, scale)
                        .isLessThanOrEqualTo(RELATIVE_TOLERANCE);
            }
            System.out.printf("%s: worst relative logit error %.2e%n", file.getFileName(), worstRelative);
        }
    }
}
