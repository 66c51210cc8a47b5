package dev.tramontane.engine.tensor;

/**
 * Per-thread working arrays of the kernels (decoded weight rows, one row's bytes), kept
 * between calls so that a product in the token loop allocates nothing: the engine's worker threads
 * live as long as the model, so each fills its arrays once and reuses them. Arrays only grow.
 */
final class KernelScratch {

    private static final ThreadLocal<KernelScratch> CURRENT = ThreadLocal.withInitial(KernelScratch::new);

    private float[] rows = new float[0];
    private byte[] rowBytes = new byte[0];
    private float[] sums = new float[0];
    private float[] transposed = new float[0];
    private int[] blockSums = new int[0];
    private int[] blockScales = new int[0];
    private float[] group = new float[0];

    private KernelScratch() {}

    static KernelScratch get() {
        return CURRENT.get();
    }

    /** Drops the calling thread's arrays; its next {@link #get} starts empty again (see {@link WeightMatrices#forgetThreadScratch}). */
    static void forgetCurrent() {
        CURRENT.remove();
    }

    /** At least {@code n} floats for decoded weight rows. */
    float[] rows(int n) {
        if (rows.length < n) {
            rows = new float[n];
        }
        return rows;
    }

    /** At least {@code n} floats for one group of rows computed together when only some of them are wanted. */
    float[] group(int n) {
        if (group.length < n) {
            group = new float[n];
        }
        return group;
    }

    /** At least {@code n} floats for the tiled matmul's per-(row, token) sums. */
    float[] sums(int n) {
        if (sums.length < n) {
            sums = new float[n];
        }
        return sums;
    }

    /** At least {@code n} floats for the tiled matmul's activations, transposed to tokens side by side. */
    float[] transposed(int n) {
        if (transposed.length < n) {
            transposed = new float[n];
        }
        return transposed;
    }

    /** At least {@code n} ints for an integer kernel's per-block lane sums of one row. */
    int[] blockSums(int n) {
        if (blockSums.length < n) {
            blockSums = new int[n];
        }
        return blockSums;
    }

    /** At least {@code n} ints for an integer kernel's sub-block scales of one row, one per int. */
    int[] blockScales(int n) {
        if (blockScales.length < n) {
            blockScales = new int[n];
        }
        return blockScales;
    }

    /** At least {@code n} bytes: one row of a matrix, staged for kernels that read it with array loads. */
    byte[] rowBytes(int n) {
        if (rowBytes.length < n) {
            rowBytes = new byte[n];
        }
        return rowBytes;
    }
}
