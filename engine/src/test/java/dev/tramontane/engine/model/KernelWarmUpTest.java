package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
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
}
