package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token loop allocates (almost) nothing: after warm-up, a decoding step into a caller's logits
 * buffer allocates on the calling thread only what the pool's per-product step objects cost
 * (the lambdas of {@code RowParallel}, a few dozen bytes each, a handful per layer), independent of
 * the context length and the model's width. Measured with the JVM's per-thread allocation counter.
 */
class DecodeAllocationTest {

    /**
     * Per step: at most 6 pool steps per layer plus the output product, 64 bytes each. Before the
     * scratch reuse a step of this model allocated the logits (1 KB with its header) plus the
     * routing arrays of every layer.
     */
    private static final long BYTES_PER_POOL_STEP = 64;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "a {0} decoding step of a {1} model allocates at most the pool's step objects")
    @CsvSource({"F16, MERGED", "Q8_0, DENSE", "F32, MERGED"})
    void aDecodingStepAllocatesAtMostThePoolsStepObjects(KvCacheType kvType, ExpertLayout layout) throws IOException {
        Path file = dir.resolve("m.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(layout, GgmlType.Q8_0, 5));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Model model = Model.load(file)) {
            int steps = 64;
            KvCache cache = model.newKvCache(2 * steps, kvType);
            float[] logits = new float[model.config().vocabSize()];
            // Warm-up: Vector API code allocates a box per vector operation until C2 compiles it, so
            // the kernels are compiled first; then the scratch is made and attention rows grow to the context.
            model.warmUp(kvType);
            for (int round = 0; round < 6; round++) {
                for (int p = 0; p < steps; p++) {
                    model.forward(p % 60 + 1, p, cache, logits);
                }
            }
            model.forward(1, 2 * steps - 1, cache, logits); // attention rows at their final length
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int p = steps; p < 2 * steps - 1; p++) {
                model.forward(p % 60 + 1, p, cache, logits);
            }
            long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / (steps - 1);
            long bound = BYTES_PER_POOL_STEP * (6L * model.config().layers() + 1);
            System.out.println("decode step, " + kvType + " " + layout + ": " + perStep + " bytes allocated (bound " + bound + ")");
            assertThat(perStep).isLessThanOrEqualTo(bound);
        }
    }
}
