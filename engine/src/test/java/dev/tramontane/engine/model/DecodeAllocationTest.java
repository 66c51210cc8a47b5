package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.tensor.WeightMatrices;
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
 *
 * <p>The weight products run on the scalar kernels here: whether a Vector API kernel allocates
 * depends on whether C2 could remove its vector boxes (escape analysis), which depends on the
 * kernel's code and on the JIT's state, not on the token loop; measured with the vector kernels,
 * a step allocated 288 bytes at one commit and 33–141 KB at a later one (boxes in
 * {@code F32VectorMatrix.dot}), so that part needs its own test beside the kernels. The KV caches'
 * attention loops are the vector ones.
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
        String kernels = System.getProperty(WeightMatrices.KERNELS_PROPERTY);
        System.setProperty(WeightMatrices.KERNELS_PROPERTY, "scalar");
        Model loaded;
        try {
            loaded = Model.load(file);
        } finally {
            if (kernels == null) {
                System.clearProperty(WeightMatrices.KERNELS_PROPERTY);
            } else {
                System.setProperty(WeightMatrices.KERNELS_PROPERTY, kernels);
            }
        }
        try (Model model = loaded) {
            int steps = 64;
            KvCache cache = model.newKvCache(2 * steps, kvType);
            float[] logits = new float[model.config().vocabSize()];
            // Warm-up: Vector API code allocates a box per vector operation until C2 has compiled it,
            // and when that happens depends on the machine's load; so the kernels are warmed up, then
            // rounds of decoding run until one allocates within the bound (at most 40 rounds).
            model.warmUp(kvType);
            long bound = BYTES_PER_POOL_STEP * (6L * model.config().layers() + 1);
            long perStep = Long.MAX_VALUE;
            for (int round = 0; round < 40 && perStep > bound; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int p = 0; p < steps; p++) {
                    model.forward(p % 60 + 1, p, cache, logits);
                }
                perStep = (threads.getCurrentThreadAllocatedBytes() - before) / steps;
            }
            System.out.println("decode step, " + kvType + " " + layout + ": " + perStep + " bytes allocated (bound " + bound + ")");
            assertThat(perStep).isLessThanOrEqualTo(bound);
        }
    }
}
