package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Quantizer;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Products split into chunks that the pool's threads claim as they come free give exactly the
 * numbers of the whole product on one thread, whatever the row counts (not multiples of the chunk
 * alignment, fewer rows than chunks) and whichever thread takes which chunk.
 */
class RowParallelTest {

    private final Random random = new Random(17);

    @Test
    void chunkedOneTokenProductsEqualTheWholeProductsOnOneThread() {
        WorkerPool pool = new WorkerPool(2);
        int cols = 256;
        int[] rowCounts = {4101, 13, 600};
        WeightMatrix[] ms = new WeightMatrix[rowCounts.length];
        float[][] xs = new float[ms.length][];
        Q8Activations[] xqs = new Q8Activations[ms.length];
        float[][] outs = new float[ms.length][];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = matrix(GgmlType.Q8_0, rowCounts[i], cols);
            xs[i] = vector(cols);
            xqs[i] = new Q8Activations(cols);
            xqs[i].quantize(xs[i], 0);
            outs[i] = new float[rowCounts[i]];
        }
        for (int round = 0; round < 20; round++) {
            RowParallel.matvecs(pool, ms, xs, xqs, outs, ms.length);
            for (int i = 0; i < ms.length; i++) {
                float[] whole = new float[rowCounts[i]];
                ms[i].matvecQ8(xs[i], xqs[i], whole, 0, rowCounts[i]);
                assertThat(outs[i]).as("matrix %d, round %d", i, round).containsExactly(whole);
            }
            float[] single = new float[rowCounts[0]];
            RowParallel.matvec(pool, ms[0], xs[0], null, single);
            float[] whole = new float[rowCounts[0]];
            ms[0].matvec(xs[0], whole, 0, rowCounts[0]);
            assertThat(single).containsExactly(whole);
        }
    }

    @Test
    void chunkedBatchedProductsEqualTheWholeProductsOnOneThread() {
        WorkerPool pool = new WorkerPool(2);
        int cols = 256;
        int batch = 5;
        int[] rowCounts = {1030, 7};
        WeightMatrix[] ms = new WeightMatrix[rowCounts.length];
        float[][] xs = new float[ms.length][];
        float[][] outs = new float[ms.length][];
        int[] xStrides = new int[ms.length];
        int[] outStrides = new int[ms.length];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = matrix(GgmlType.Q4_0, rowCounts[i], cols);
            xs[i] = vector(cols * batch);
            xStrides[i] = cols;
            outStrides[i] = rowCounts[i];
            outs[i] = new float[rowCounts[i] * batch];
        }
        RowParallel.matmuls(pool, ms, xs, xStrides, outs, outStrides, ms.length, batch);
        for (int i = 0; i < ms.length; i++) {
            float[] whole = new float[rowCounts[i] * batch];
            ms[i].matmul(xs[i], cols, batch, whole, rowCounts[i], 0, rowCounts[i]);
            assertThat(outs[i]).as("matrix %d", i).containsExactly(whole);
        }
    }

    @Test
    void chunkStartsAreAlignedIncreasingAndCoverTheRows() {
        for (long rows : new long[] {7, 8, 13, 1024, 14336, 32001}) {
            int chunks = 32;
            long previous = 0;
            for (int c = 0; c <= chunks; c++) {
                long start = RowParallel.chunkStart(rows, c, chunks);
                assertThat(start).isGreaterThanOrEqualTo(previous);
                if (c < chunks) {
                    assertThat(start % 8).isZero();
                }
                previous = start;
            }
            assertThat(RowParallel.chunkStart(rows, 0, chunks)).isZero();
            assertThat(RowParallel.chunkStart(rows, chunks, chunks)).isEqualTo(rows);
        }
    }

    private WeightMatrix matrix(GgmlType type, int rows, int cols) {
        float[] w = vector(rows * cols);
        return WeightMatrices.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
    }

    private float[] vector(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
