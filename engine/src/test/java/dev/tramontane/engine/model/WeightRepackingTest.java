package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Model#repack}: a Q4_0, Q4_K or Q6_K model's decode products move to the repacked copy, which changes
 * logits only by float re-association, gives the same logits every time, leaves prompt processing
 * agreeing with token-by-token decoding, and is freed with the model.
 */
class WeightRepackingTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_K", "Q6_K"})
    void repackingKeepsTheLogitsWithinRoundingAndMakesThemReproducible(GgmlType type) throws IOException {
        Path file = dir.resolve(type + ".gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, type, 7));
        int[] tokens = {1, 7, 9, 33, 2, 60};
        float[][] plain = decode(file, tokens, false, ActivationPrecision.Q8, KvCacheType.F16);
        float[][] unrounded = decode(file, tokens, false, ActivationPrecision.F32, KvCacheType.F32);
        float[][] repacked = decode(file, tokens, true, ActivationPrecision.Q8, KvCacheType.F16);
        float[][] again = decode(file, tokens, true, ActivationPrecision.Q8, KvCacheType.F16);
        boolean anyDifferent = false;
        for (int p = 0; p < tokens.length; p++) {
            assertThat(again[p]).as("position %d, repacked twice", p).containsExactly(repacked[p]);
            RoundingAgreement.assertAgree(repacked[p], plain[p], unrounded[p], ActivationPrecision.Q8, KvCacheType.F16,
                    "position " + p + ", repacked against the file's layout");
            anyDifferent |= !java.util.Arrays.equals(repacked[p], plain[p]);
        }
        assertThat(anyDifferent).as("the repacked kernel ran (it sums in another order than the file's)").isTrue();
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_K", "Q6_K"})
    void everyDecodeMatrixWithWholeGroupsIsRepackedAndPromptProcessingStillAgreesWithDecoding(GgmlType type) throws IOException {
        Path file = dir.resolve(type + "-prefill.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, type, 11));
        try (Model model = Model.load(file)) {
            long expected = 0;
            for (WeightMatrix m : WeightRepacking.decodeMatrices(model.weights())) {
                if (m.type() == type && m.rows() % WeightMatrix.REPACK_ROWS == 0) {
                    expected += m.repackedBytes();
                }
            }
            assertThat(expected).isPositive();
            assertThat(model.repack()).isEqualTo(expected);
            assertThat(model.repack()).as("a second call repacks nothing more").isEqualTo(expected);
            assertThat(model.repackedBytes()).isEqualTo(expected);
            assertThat(model.repackNanos()).isPositive();

            int[] prompt = {3, 14, 15, 9, 26, 5, 35, 8};
            float[] batched = model.forward(prompt, 0, model.newKvCache(prompt.length));
            float[] oneByOne = decode(model, prompt)[prompt.length - 1];
            float[] unrounded;
            try (Model exact = Model.load(file, ActivationPrecision.F32)) {
                unrounded = decode(exact, prompt, KvCacheType.F32)[prompt.length - 1];
            }
            RoundingAgreement.assertAgree(batched, oneByOne, unrounded, ActivationPrecision.Q8, KvCacheType.F16,
                    "a batched prompt (file's layout) against token-by-token decoding (repacked)");
        }
    }

    @Test
    void aModelWithoutRepackableWeightsRepacksNothing() throws IOException {
        Path file = dir.resolve("f16.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F16, 3));
        try (Model model = Model.load(file)) {
            assertThat(model.repack()).isZero();
            assertThat(model.repackedBytes()).isZero();
        }
    }

    @Test
    void usingTheModelAfterCloseIsRefusedRatherThanReadingFreedMemory() throws IOException {
        Path file = dir.resolve("q4_0-closed.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_0, 13));
        Model model = Model.load(file);
        model.repack();
        model.close();
        // the copy's memory is gone: reading it is refused instead of reading freed memory
        assertThatThrownBy(() -> model.forward(1, 0, model.newKvCache(2))).isInstanceOf(IllegalStateException.class);
        model.close(); // a second close is harmless
    }

    @Test
    void runningOutOfMemoryHalfWaySaysHowMuchWasMissingAndTheModelStillDecodesCorrectly() throws IOException {
        Path file = dir.resolve("q4_0-oom.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_0, 17));
        int[] tokens = {1, 7, 9, 33};
        float[][] plain = decode(file, tokens, false, ActivationPrecision.Q8, KvCacheType.F16);
        float[][] unrounded = decode(file, tokens, false, ActivationPrecision.F32, KvCacheType.F32);
        try (Model model = Model.load(file); Arena arena = Arena.ofShared()) {
            int[] granted = {0};
            // memory for the first two copies, then none: what a machine short of memory does half way
            assertThatThrownBy(() -> WeightRepacking.run(model.weights(), bytes -> {
                if (granted[0]++ == 2) {
                    throw new OutOfMemoryError("test: no more memory");
                }
                return arena.allocate(bytes, 64);
            }, WorkerPool.shared()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not enough memory to repack the weights")
                    .hasMessageContaining("MiB more were needed after")
                    .hasMessageContaining("run without --repack");
            float[][] mixed = decode(model, tokens);
            for (int p = 0; p < tokens.length; p++) {
                RoundingAgreement.assertAgree(mixed[p], plain[p], unrounded[p], ActivationPrecision.Q8, KvCacheType.F16,
                        "position " + p + ", two matrices repacked and the rest in the file's layout");
            }
        }
    }

    /** The logits at each position of {@code tokens}, decoded one at a time, with or without repacking. */
    private static float[][] decode(Path file, int[] tokens, boolean repack, ActivationPrecision activations, KvCacheType kvType)
            throws IOException {
        try (Model model = Model.load(file, activations)) {
            if (repack) {
                assertThat(model.repack()).isPositive();
            }
            return decode(model, tokens, kvType);
        }
    }

    private static float[][] decode(Model model, int[] tokens) {
        return decode(model, tokens, KvCacheType.F16);
    }

    private static float[][] decode(Model model, int[] tokens, KvCacheType kvType) {
        KvCache cache = model.newKvCache(tokens.length, kvType);
        float[][] logits = new float[tokens.length][];
        for (int p = 0; p < tokens.length; p++) {
            logits[p] = model.forward(tokens[p], p, cache).clone();
        }
        return logits;
    }
}
