package dev.tramontane.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tiled batched products (a row decoded once, applied to four tokens at a time) against the
 * same matrix's own per-token {@code dot}: they must agree bit for bit, because batched prefill
 * promises exactly the logits of token-by-token feeding.
 */
class TiledMatmulTest {

    private static final int[] BATCHES = {1, 3, 8, 13};

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void aTiledBatchedProductEqualsTheMatrixsOwnDotForEveryTokenBitForBit(GgmlType type) {
        Random random = new Random(31 * type.id() + 3);
        for (int blocks : new int[] {1, 3, 8}) {
            for (int rows : new int[] {1, 7}) {
                WeightMatrix m = randomMatrix(type, random, rows, blocks * type.blockSize());
                for (int batch : BATCHES) {
                    check(m, random, batch, rows == 1 ? 0 : 1, rows);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void theTiledProductStillEqualsDotAfterTheJitHasCompiledBoth(GgmlType type) {
        Random random = new Random(17 * type.id() + 5);
        int rows = 5, cols = 2 * type.blockSize(), batch = 9;
        WeightMatrix m = randomMatrix(type, random, rows, cols);
        float[] x = gaussians(random, batch * cols);
        float[] out = new float[batch * rows];
        float sink = 0f;
        // Enough calls for C2 to compile matmul, the decoded-row kernels and dot (loops of this size compile in well under a second).
        for (int i = 0; i < 3000; i++) {
            m.matmul(x, cols, batch, out, rows, 0, rows);
            sink += out[i % out.length] + m.dot(i % rows, x, (i % batch) * cols);
        }
        check(m, random, batch, 0, rows);
        check(m, random, 13, 2, rows);
        assertArrayEquals(new float[] {sink}, new float[] {sink}); // keeps the warm-up from being optimised away
    }

    private static void check(WeightMatrix m, Random random, int batch, int rowStart, int rowEnd) {
        int cols = m.cols(), rows = m.rows();
        int xStride = cols + 3, outStride = rows + 2;
        float[] x = gaussians(random, batch * xStride);
        float[] out = new float[batch * outStride];
        float[] expected = new float[batch * outStride];
        Arrays.fill(out, -7f);
        Arrays.fill(expected, -7f);
        m.matmul(x, xStride, batch, out, outStride, rowStart, rowEnd);
        for (int t = 0; t < batch; t++) {
            for (int r = rowStart; r < rowEnd; r++) {
                expected[t * outStride + r] = m.dot(r, x, t * xStride);
            }
        }
        assertArrayEquals(expected, out, m + " batch " + batch + " rows [" + rowStart + ", " + rowEnd + ")");
    }

    private static WeightMatrix randomMatrix(GgmlType type, Random random, int rows, int cols) {
        float[] w = gaussians(random, rows * cols);
        return WeightMatrices.fast(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
    }

    private static float[] gaussians(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
