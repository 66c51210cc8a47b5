package dev.tramontane.webapp.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.GenerationRequest;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.webapp.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tramontane.serving.repack=true}: a loaded model's decode matrices are repacked before it
 * serves, the progress says so in its place, and the service generates from the repacked model.
 */
class ModelLoaderRepackTest {

    @TempDir
    Path dir;

    @Test
    void aRepackingLoaderRepacksBeforeServingAndReportsTheStage() throws Exception {
        Path file = dir.resolve("q4_0.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_0, 5));
        ServiceConfig config = ServiceConfig.defaults().withContextLength(128).withMaxTokensPerRequest(16);
        List<ModelLoadProgress> seen = new ArrayList<>();
        ServedModel served = new ModelLoader(config, true, new SimpleMeterRegistry(), ObservationRegistry.NOOP).load(file, seen::add);
        try {
            Model model = served.model().orElseThrow();
            assertThat(model.repackedBytes()).as("Q4_0 decode matrices copied").isPositive();
            assertThat(seen.stream().map(ModelLoadProgress::stage).distinct().toList()).containsExactly(
                    ModelLoadStage.READING_HEADER, ModelLoadStage.CHECKING_TENSORS, ModelLoadStage.MAPPING_WEIGHTS,
                    ModelLoadStage.REPACKING_WEIGHTS, ModelLoadStage.LOADING_TOKENIZER, ModelLoadStage.WARMING_UP);
            assertThat(seen.stream().mapToInt(ModelLoadProgress::percent).toArray()).isSorted();
            GenerationResult result = served.inferenceService().orElseThrow()
                    .submit(new GenerationRequest(new int[] {1, 5, 9}, SamplingParams.greedy().withMaxTokens(6)))
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(result.error()).isNull();
            assertThat(result.tokens()).hasSize(6);
        } finally {
            served.close();
        }
    }

    @Test
    void theDefaultLoaderKeepsTheFileLayout() throws Exception {
        Path file = dir.resolve("q4_0-plain.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q4_0, 5));
        ServedModel served = new ModelLoader(ServiceConfig.defaults().withContextLength(128), new SimpleMeterRegistry(),
                ObservationRegistry.NOOP).load(file);
        try {
            assertThat(served.model().orElseThrow().repackedBytes()).isZero();
        } finally {
            served.close();
        }
    }
}
