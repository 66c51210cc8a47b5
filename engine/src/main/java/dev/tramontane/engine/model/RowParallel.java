package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.WeightMatrix;

/**
 * Matrix products split by rows over a {@link WorkerPool}: rows are independent, so each part
 * writes its own rows of the output and a product costs one barrier. The rows are cut into chunks
 * ({@value #CHUNKS_PER_THREAD} per thread for one-token products, {@value #BATCHED_CHUNKS_PER_THREAD}
 * for batched ones) that the threads claim as they come free ({@link WorkerPool#nextChunk}), so a
 * core that runs slower for a while does less of the work instead of holding the other one at the
 * barrier. Which thread computes a row does not change its result. Several products that read
 * the same input (Q, K and V; the gate and up matrices of the chosen experts) go in one step, their
 * rows laid end to end and cut into chunks together. Small products stay on the calling thread, where
 * waking the pool would cost more than it saves. An input given also as 8-bit activations
 * ({@code xq} not null) goes to the matrix's integer kernel ({@link WeightMatrix#matvecQ8}).
 */
final class RowParallel {

    /** Below this many weights a product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1 << 15;
    /** Chunks per thread of a one-token product: the last chunk claimed bounds the imbalance. */
    static final int CHUNKS_PER_THREAD = 16;
    /**
     * Chunks per thread of a batched product: fewer, since each call of a tiled matmul first
     * transposes the whole batch of activations (about 50 µs for 32 tokens × 4096 columns).
     */
    static final int BATCHED_CHUNKS_PER_THREAD = 4;
    /** Chunks start on multiples of this many rows, the row groups of the repacked layouts. */
    private static final int CHUNK_ALIGNMENT = 8;

    private RowParallel() {}

    /** {@code out = m · x}, with {@code xq} (may be null) the 8-bit form of {@code x}. */
    static void matvec(WorkerPool pool, WeightMatrix m, float[] x, Q8Activations xq, float[] out) {
        if ((long) m.rows() * m.cols() < PARALLEL_THRESHOLD) {
            multiplyRows(m, x, xq, out, 0, m.rows());
            return;
        }
        int rows = m.rows();
        pool.run((part, parts) -> {
            if (parts == 1) {
                multiplyRows(m, x, xq, out, 0, rows);
                return;
            }
            int chunks = parts * CHUNKS_PER_THREAD;
            for (int c = pool.nextChunk(); c < chunks; c = pool.nextChunk()) {
                int start = (int) chunkStart(rows, c, chunks);
                int end = (int) chunkStart(rows, c + 1, chunks);
                if (start < end) {
                    multiplyRows(m, x, xq, out, start, end);
                }
            }
        });
    }

    /** Where chunk {@code c} of {@code chunks} starts in {@code rows} rows: an even share, rounded down to {@link #CHUNK_ALIGNMENT} rows. */
    static long chunkStart(long rows, int c, int chunks) {
        if (c >= chunks) {
            return rows;
        }
        return rows * c / chunks / CHUNK_ALIGNMENT * CHUNK_ALIGNMENT;
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
            if (parts == 1) {
                multiplyRowsOfAll(ms, xs, xqs, outs, count, 0, rowsInAll);
                return;
            }
            int chunks = parts * CHUNKS_PER_THREAD;
            for (int c = pool.nextChunk(); c < chunks; c = pool.nextChunk()) {
                multiplyRowsOfAll(ms, xs, xqs, outs, count, chunkStart(rowsInAll, c, chunks), chunkStart(rowsInAll, c + 1, chunks));
            }
        });
    }

    /** Rows {@code [start, end)} of the products' rows laid end to end. */
    private static void multiplyRowsOfAll(WeightMatrix[] ms, float[][] xs, Q8Activations[] xqs, float[][] outs, int count,
                                          long start, long end) {
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
            if (parts == 1) {
                matmulRowsOfAll(ms, xs, xStrides, outs, outStrides, count, batch, 0, rowsInAll);
                return;
            }
            int chunks = parts * BATCHED_CHUNKS_PER_THREAD;
            for (int c = pool.nextChunk(); c < chunks; c = pool.nextChunk()) {
                matmulRowsOfAll(ms, xs, xStrides, outs, outStrides, count, batch, chunkStart(rowsInAll, c, chunks),
                        chunkStart(rowsInAll, c + 1, chunks));
            }
        });
    }

    /** Rows {@code [start, end)} of the batched products' rows laid end to end. */
    private static void matmulRowsOfAll(WeightMatrix[] ms, float[][] xs, int[] xStrides, float[][] outs, int[] outStrides,
                                        int count, int batch, long start, long end) {
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
    }
}
