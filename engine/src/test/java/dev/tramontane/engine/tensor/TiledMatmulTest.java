package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tiled batched products (rows decoded once, tokens in the vector lanes) against the same
 * matrix's own per-token {@code dot}, for every (row, token) pair.
 *
 * <p>The two add the same products w_i·x_i (w_i the finished float weights, formed identically by
 * both) in different orders, so they agree within float re-association, derived here rather than
 * picked. Both use fused multiply-adds, so a product is never rounded on its own; a sum formed by
 * any tree of rounded additions in which every term passes through at most h roundings satisfies
 * |ŝ − s| ≤ γ_h · Σ|w_i·x_i| with γ_h = h·u / (1 − h·u) and u = 2^-24 (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., chapter 4, Summation). Here
 * <ul>
 *   <li>the per-token dot runs two 8-lane chains of n/16 FMAs each, adds them and reduces 8 lanes
 *       in 3 pairwise steps: h_dot = n/16 + 4;</li>
 *   <li>the tiled product runs one chain per pair over each block of at most
 *       {@link DecodedRowDots#COLUMN_BLOCK} columns and adds the ⌈n / COLUMN_BLOCK⌉ block sums in
 *       turn: h_tiled = min(n, COLUMN_BLOCK) + ⌈n / COLUMN_BLOCK⌉.</li>
 * </ul>
 * Both are within their bound of the exact s, so |tiled − dot| ≤ (γ_{h_tiled} + γ_{h_dot})·Σ|w_i·x_i|.
 * Σ|w_i·x_i| is taken over the matrix's own finished weights, read back exactly as
 * {@code dot(row, e_i)} (every other product is w·0 = 0, so the sum is w_i). With 2048 columns
 * the bound is about 2.4e-5 of Σ|w·x| (≈ 0.03 for these Gaussians), while a wrong row, a wrong
 * token, a dropped block or a dropped column changes a sum by the size of its terms (≈ 1).
 */
class TiledMatmulTest {

    private static final int[] BATCHES = {1, 2, 3, 8, 13, 16, 17, 40};
    private static final double U = 0x1p-24;

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void aTiledBatchedProductAgreesWithTheMatrixsOwnDotForEveryTokenWithinReassociation(GgmlType type) {
        Random random = new Random(31 * type.id() + 3);
        for (int blocks : new int[] {1, 3, 8}) {
            for (int rows : new int[] {1, 7, 13}) {
                WeightMatrix m = randomMatrix(type, random, rows, blocks * type.blockSize());
                float[][] w = finishedWeights(m);
                for (int batch : BATCHES) {
                    check(m, w, random, batch, rows == 1 ? 0 : 1, rows);
                }
                check(m, w, random, 17, 0, rows);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void theTiledProductStillAgreesWithDotAfterTheJitHasCompiledBoth(GgmlType type) {
        Random random = new Random(17 * type.id() + 5);
        int rows = 7, cols = 2 * type.blockSize(), batch = 9;
        WeightMatrix m = randomMatrix(type, random, rows, cols);
        float[][] w = finishedWeights(m);
        float[] x = gaussians(random, batch * cols);
        float[] out = new float[batch * rows];
        float sink = 0f;
        // Enough calls for C2 to compile matmul, the decoded-row kernels and dot (loops of this size compile in well under a second).
        for (int i = 0; i < 3000; i++) {
            m.matmul(x, cols, batch, out, rows, 0, rows);
            sink += out[i % out.length] + m.dot(i % rows, x, (i % batch) * cols);
        }
        check(m, w, random, batch, 0, rows);
        check(m, w, random, 13, 2, rows);
        check(m, w, random, 33, 0, rows);
        assertThat(sink).isNotNaN(); // keeps the warm-up from being optimised away
    }

    private static void check(WeightMatrix m, float[][] w, Random random, int batch, int rowStart, int rowEnd) {
        int cols = m.cols(), rows = m.rows();
        int xStride = cols + 3, outStride = rows + 2;
        float[] x = gaussians(random, batch * xStride);
        float[] out = new float[batch * outStride];
        Arrays.fill(out, -7f);
        m.matmul(x, xStride, batch, out, outStride, rowStart, rowEnd);
        double gamma = gamma(Math.min(cols, DecodedRowDots.COLUMN_BLOCK) + ceilDiv(cols, DecodedRowDots.COLUMN_BLOCK))
                + gamma(cols / 16 + 4);
        for (int t = 0; t < batch; t++) {
            for (int r = 0; r < outStride; r++) {
                float got = out[t * outStride + r];
                if (r < rowStart || r >= rowEnd) {
                    assertThat(got).as("%s wrote row %d outside [%d, %d)", m, r, rowStart, rowEnd).isEqualTo(-7f);
                    continue;
                }
                double magnitude = 0;
                for (int i = 0; i < cols; i++) {
                    magnitude += Math.abs((double) w[r][i] * x[t * xStride + i]);
                }
                float expected = m.dot(r, x, t * xStride);
                assertThat((double) got).as("%s batch %d row %d token %d, Σ|w·x| = %.3f", m, batch, r, t, magnitude)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(gamma * magnitude));
            }
        }
    }

    private static double gamma(int h) {
        return h * U / (1 - h * U);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Every row's finished weights, read back exactly as dot(row, e_i). */
    private static float[][] finishedWeights(WeightMatrix m) {
        float[][] w = new float[m.rows()][m.cols()];
        float[] e = new float[m.cols()];
        for (int i = 0; i < m.cols(); i++) {
            e[i] = 1f;
            for (int r = 0; r < m.rows(); r++) {
                w[r][i] = m.dot(r, e, 0);
            }
            e[i] = 0f;
        }
        return w;
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
