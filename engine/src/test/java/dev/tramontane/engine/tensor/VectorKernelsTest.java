package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fast kernel against its scalar twin on random weights. The two sum the same products in a
 * different order (lanes, per-block partial sums, d·Σq·x − m·Σx instead of Σ(d·q − m)·x), so they
 * agree up to float re-association: the difference is bounded by a few hundred float epsilons
 * (2^-23 ≈ 1.2e-7) of the row's magnitude Σ|x|·max|w|, whatever cancellation the sum itself has.
 */
class VectorKernelsTest {

    private static final double REASSOCIATION = 1e-5;

    @Test
    void theVectorSpeciesIsARealSpeciesWithAtLeastFourFloatLanes() {
        assertThat(VectorSupport.LANES).isGreaterThanOrEqualTo(4);
        assertThat(VectorSupport.FLOAT.vectorBitSize()).isEqualTo(32 * VectorSupport.LANES);
        assertThat(VectorSupport.usable()).as(VectorSupport.describe()).isTrue();
        assertThat(VectorSupport.describe()).contains(VectorSupport.LANES + " float lanes");
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    void theVectorKernelAgreesWithItsScalarTwinOnRandomRowsOfSeveralLengths(GgmlType type) {
        Random random = new Random(7 * type.id() + 1);
        int block = type.blockSize() == 1 ? 32 : type.blockSize();
        // One block, a few, and many; plain float types also get lengths that leave a scalar tail.
        int[] blockCounts = {1, 3, 8};
        for (int blocks : blockCounts) {
            int cols = blocks * block + (type.blockSize() == 1 ? 5 : 0);
            check(type, random, 7, cols);
        }
        check(type, random, 1, (type.blockSize() == 1 ? 13 : type.blockSize()));
    }

    /** Types whose matmul is the per-token loop; the tiled ones (Q4_0, Q8_0, K-quants) re-associate and are held to a derived bound in TiledMatmulTest. */
    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "Q4_1"})
    void aBatchedProductEqualsOneMatvecPerToken(GgmlType type) {
        Random random = new Random(5);
        int rows = 9, cols = 512, batch = 3, xStride = cols + 4, outStride = rows + 1;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        WeightMatrix m = WeightMatrices.fast(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
        float[] x = new float[batch * xStride];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[batch * outStride];
        m.matmul(x, xStride, batch, out, outStride, 2, rows);
        for (int t = 0; t < batch; t++) {
            float[] token = java.util.Arrays.copyOfRange(x, t * xStride, t * xStride + cols);
            float[] single = new float[rows];
            m.matvec(token, single, 2, rows);
            for (int r = 0; r < rows; r++) {
                assertThat(out[t * outStride + r]).as("token %d row %d", t, r).isEqualTo(single[r]);
            }
        }
    }

    @Test
    void forcingScalarKernelsBySystemPropertySelectsTheScalarTwins() {
        MemorySegment data = Arena.ofAuto().allocate(GgmlType.Q4_K.byteSize(256));
        String before = System.getProperty(WeightMatrices.KERNELS_PROPERTY);
        try {
            System.setProperty(WeightMatrices.KERNELS_PROPERTY, "scalar");
            assertThat(WeightMatrices.of(GgmlType.Q4_K, data, 1, 256)).isInstanceOf(Q4KMatrix.class).isNotInstanceOf(Q4KVectorMatrix.class);
            System.clearProperty(WeightMatrices.KERNELS_PROPERTY);
            assertThat(WeightMatrices.of(GgmlType.Q4_K, data, 1, 256)).isInstanceOf(Q4KVectorMatrix.class);
        } finally {
            if (before == null) {
                System.clearProperty(WeightMatrices.KERNELS_PROPERTY);
            } else {
                System.setProperty(WeightMatrices.KERNELS_PROPERTY, before);
            }
        }
    }

    private static void check(GgmlType type, Random random, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * (1 + (i / 256) % 3);
        }
        MemorySegment data = MemorySegment.ofArray(Quantizer.quantize(type, w));
        WeightMatrix scalar = WeightMatrices.scalar(type, data, rows, cols);
        WeightMatrix fast = WeightMatrices.fast(type, data, rows, cols);
        assertThat(fast.getClass().getSimpleName()).contains("Vector");

        int xOffset = 3;
        float[] x = new float[xOffset + cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] x0 = java.util.Arrays.copyOfRange(x, xOffset, xOffset + cols);
        float[] outScalar = new float[rows + 2];
        float[] outFast = new float[rows + 2];
        scalar.matvec(x0, outScalar, 1, rows);
        fast.matvec(x0, outFast, 1, rows);
        assertThat(outFast[0]).as("rows before rowStart stay untouched").isZero();
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            scalar.dequantizeRow(r, row, 0);
            double magnitude = 0;
            double maxW = 0;
            for (int i = 0; i < cols; i++) {
                magnitude += Math.abs(x0[i]);
                maxW = Math.max(maxW, Math.abs(row[i]));
            }
            Offset<Double> tolerance = Offset.offset(REASSOCIATION * magnitude * maxW);
            double expected = scalar.dot(r, x, xOffset);
            assertThat((double) fast.dot(r, x, xOffset)).as("%s dot, row %d of %d x %d", type, r, rows, cols).isCloseTo(expected, tolerance);
            if (r >= 1) {
                assertThat((double) outFast[r]).as("%s matvec, row %d of %d x %d", type, r, rows, cols).isCloseTo(outScalar[r], tolerance);
            }
        }
    }
}
