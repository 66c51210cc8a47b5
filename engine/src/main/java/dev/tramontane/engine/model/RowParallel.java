package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.WeightMatrix;

/**
 * Matrix products split by rows over a {@link WorkerPool}: rows are independent, so each part
 * writes its own slice of the output and a product costs one barrier. Several products that read
 * the same input (Q, K and V; the gate and up matrices of the chosen experts) go in one step, their
 * rows laid end to end and cut into equal parts. Small products stay on the calling thread, where
 * waking the pool would cost more than it saves. An input given also as 8-bit activations
 * ({@code xq} not null) goes to the matrix's integer kernel ({@link WeightMatrix#matvecQ8}).
 */
final class RowParallel {

    /** Below this many weights a product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1 << 15;

    private RowParallel() {}

    /** {@code out = m · x}, with {@code xq} (may be null) the 8-bit form of {@code x}. */
    static void matvec(WorkerPool pool, WeightMatrix m, float[] x, Q8Activations xq, float[] out) {
        if ((long) m.rows() * m.cols() < PARALLEL_THRESHOLD) {
            multiplyRows(m, x, xq, out, 0, m.rows());
            return;
        }
        pool.run((part, parts) -> {
            int start = (int) ((long) m.rows() * part / parts);
            int end = (int) ((long) m.rows() * (part + 1) / parts);
            multiplyRows(m, x, xq, out, start, end);
        });
    }

    /** Rows {@code [start, end)} of {@code m · x}: the integer kernel when the 8-bit form is given. */
    private static void multiplyRows(WeightMatrix m, float[] x, Q8Activations xq, float[] out, int start, int end) {
        if (xq != null) {
            m.matvecQ8(x, xq, out, start, end);
        } else {
            m.matvec(x, out, start, end);
        }
    }

    /** {@code outs[i] = ms[i] · xs[i]} for every i, in one step; {@code xqs[i]} (may be null) is the 8-bit form of {@code xs[i]}. */
    static void matvecs(WorkerPool pool, WeightMatrix[] ms, float[][] xs, Q8Activations[] xqs, float[][] outs, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += ms[i].rows();
        }
        long rowsInAll = total;
        pool.run((part, parts) -> {
            long start = rowsInAll * part / parts;
            long end = rowsInAll * (part + 1) / parts;
            long base = 0;
            for (int i = 0; i < count && base < end; i++) {
                int rows = ms[i].rows();
                long from = Math.max(start, base);
                long to = Math.min(end, base + rows);
                if (from < to) {
                    multiplyRows(ms[i], xs[i], xqs[i], outs[i], (int) (from - base), (int) (to - base));
                }
                base += rows;
            }
        });
    }

    /**
     * For each i, {@code batch} products {@code outs[i][t·outStrides[i] + r] = ms[i] row r · xs[i][t·xStrides[i] ..]},
     * in one step; each part reads its rows of the weights once for all tokens.
     */
    static void matmuls(WorkerPool pool, WeightMatrix[] ms, float[][] xs, int[] xStrides, float[][] outs, int[] outStrides,
                        int count, int batch) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += ms[i].rows();
        }
        long rowsInAll = total;
        pool.run((part, parts) -> {
            long start = rowsInAll * part / parts;
            long end = rowsInAll * (part + 1) / parts;
            long base = 0;
            for (int i = 0; i < count && base < end; i++) {
                int rows = ms[i].rows();
                long from = Math.max(start, base);
                long to = Math.min(end, base + rows);
                if (from < to) {
                    ms[i].matmul(xs[i], xStrides[i], batch, outs[i], outStrides[i], (int) (from - base), (int) (to - base));
                }
                base += rows;
            }
        });
    }
}
