package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernels that form finished float weights and dot them in two FMA chains (dot and matvec in
 * registers, the tiled matmul from decoded rows in scratch): on random matrices with odd row
 * counts and row ranges, matvec agrees with the scalar twin up to float re-association, equals
 * the kernel's own dot bit for bit, and leaves rows outside its range alone, also when one thread
 * reuses its scratch for matrices of different widths; a token's batched product is the same
 * float whatever batch it comes in.
 */
class DecodedRowKernelsTest {

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void matvecOverAnOddRowRangeAgreesWithTheScalarTwinAndWithDot(GgmlType type) {
        Random random = new Random(3 * type.id() + 11);
        for (int[] shape : new int[][] {{13, 512}, {5, 1792}, {13, 256}}) {
            int rows = shape[0], cols = shape[1];
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * (1 + (i / 97) % 5));
            }
            MemorySegment data = MemorySegment.ofArray(Quantizer.quantize(type, w));
            WeightMatrix scalar = WeightMatrices.scalar(type, data, rows, cols);
            WeightMatrix fast = WeightMatrices.fast(type, data, rows, cols);
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) random.nextGaussian();
            }
            int from = rows > 3 ? 3 : 0, to = rows > 3 ? rows - 2 : rows;
            float[] expected = new float[rows];
            float[] actual = new float[rows];
            java.util.Arrays.fill(actual, 42f);
            scalar.matvec(x, expected, from, to);
            fast.matvec(x, actual, from, to);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                if (r < from || r >= to) {
                    assertThat(actual[r]).as("row %d outside [%d, %d) untouched", r, from, to).isEqualTo(42f);
                    continue;
                }
                scalar.dequantizeRow(r, row, 0);
                double magnitude = 0, maxW = 0;
                for (int i = 0; i < cols; i++) {
                    magnitude += Math.abs(x[i]);
                    maxW = Math.max(maxW, Math.abs(row[i]));
                }
                assertThat((double) actual[r]).as("%s row %d of %d x %d", type, r, rows, cols)
                        .isCloseTo(expected[r], Offset.offset(1e-5 * magnitude * maxW));
                assertThat(actual[r]).as("matvec equals dot, row %d", r).isEqualTo(fast.dot(r, x, 0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void aTokensBatchedProductIsTheSameFloatWhateverBatchItComesIn(GgmlType type) {
        Random random = new Random(13 * type.id() + 1);
        int rows = 11, cols = 512;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        WeightMatrix m = WeightMatrices.fast(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
        float[] x = new float[13 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] all = new float[13 * rows];
        m.matmul(x, cols, 13, all, rows, 0, rows);
        // tokens 8..12: one full tile and a leftover; tokens 3..4: leftovers only
        for (int[] part : new int[][] {{8, 5}, {3, 2}}) {
            int first = part[0], count = part[1];
            float[] out = new float[count * rows];
            m.matmul(java.util.Arrays.copyOfRange(x, first * cols, (first + count) * cols), cols, count, out, rows, 0, rows);
            assertThat(out).as("%s: tokens %d..%d in a batch of their own", type, first, first + count - 1)
                    .containsExactly(java.util.Arrays.copyOfRange(all, first * rows, (first + count) * rows));
        }
    }
}
