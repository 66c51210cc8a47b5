package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.WeightMatrix;
import java.util.stream.IntStream;

/**
 * Matrix-vector products split by rows over the common fork-join pool. Rows are independent, so
 * each thread writes its own slice of the output. Small products stay on the calling thread,
 * where forking would cost more than it saves.
 */
final class RowParallel {

    /** Below this many weights a product runs on one thread. */
    private static final long PARALLEL_THRESHOLD = 1 << 15;
    private static final int MIN_ROWS_PER_TASK = 16;

    private RowParallel() {}

    /** {@code out = m · x}. */
    static void matvec(WeightMatrix m, float[] x, float[] out) {
        int rows = m.rows();
        int threads = Runtime.getRuntime().availableProcessors();
        if (threads == 1 || (long) rows * m.cols() < PARALLEL_THRESHOLD || rows < 2 * MIN_ROWS_PER_TASK) {
            m.matvec(x, out, 0, rows);
            return;
        }
        int tasks = Math.min(rows / MIN_ROWS_PER_TASK, threads * 4);
        IntStream.range(0, tasks).parallel().forEach(t -> {
            int start = (int) ((long) rows * t / tasks);
            int end = (int) ((long) rows * (t + 1) / tasks);
            m.matvec(x, out, start, end);
        });
    }

    static float[] matvec(WeightMatrix m, float[] x) {
        float[] out = new float[m.rows()];
        matvec(m, x, out);
        return out;
    }
}
