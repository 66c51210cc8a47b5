package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel warm-up finds every weight type of a mixed file, runs, and changes no result. */
class KernelWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void warmingUpFindsTheFilesWeightTypesAndLeavesTheLogitsAsTheyWere() throws IOException {
        Path file = dir.resolve("q4k.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_K, 2));
        try (Model model = Model.load(file)) {
            assertThat(KernelWarmUp.weightTypes(model.weights())).contains(GgmlType.Q4_K);
            float[] before = model.forward(new int[] {1, 7, 9}, 0, model.newKvCache(4));
            long nanos = model.warmUp(KvCacheType.Q8_0);
            assertThat(nanos).isPositive();
            assertThat(model.warmUpNanos()).isEqualTo(nanos);
            float[] after = model.forward(new int[] {1, 7, 9}, 0, model.newKvCache(4));
            assertThat(after).containsExactly(before);
        }
    }

    @Test
    void aBackgroundWarmUpRunsBesideForwardPassesWithoutChangingThemAndCloseWaitsForIt() throws Exception {
        Path file = dir.resolve("mixed.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_0, 3));
        float[] reference;
        try (Model model = Model.load(file)) {
            reference = model.forward(new int[] {1, 7, 9}, 0, model.newKvCache(4));
        }
        try (Model model = Model.load(file)) {
            assertThat(KernelWarmUp.weightTypes(model.weights())).first().isEqualTo(model.weights().tokenEmbedding().type());
            assertThat(KernelWarmUp.weightTypes(model.weights())).contains(model.weights().output().type());
            CompletableFuture<Long> warmUp = model.warmUpInBackground(KvCacheType.F16);
            for (int i = 0; i < 5; i++) {
                assertThat(model.forward(new int[] {1, 7, 9}, 0, model.newKvCache(4))).containsExactly(reference);
            }
            assertThat(warmUp.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(model.warmUpNanos()).isZero(); // only waited-for warm-ups count there
        }
    }

    @Test
    void closingTheModelStopsARunningBackgroundWarmUpBeforeUnmappingTheFile() throws IOException {
        Path file = dir.resolve("closing.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q6_K, 4));
        CompletableFuture<Long> warmUp;
        try (Model model = Model.load(file)) {
            warmUp = model.warmUpInBackground(KvCacheType.Q8_0);
        }
        // close() returned: the warm-up has ended (early or not), normally rather than by touching the unmapped file
        assertThat(warmUp).isCompleted();
        assertThat(warmUp.join()).isPositive();
    }
}
