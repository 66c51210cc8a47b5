package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/**
 * A 2-D weight matrix of {@code rows × cols} elements, stored row by row in a GGML type, read in
 * place from the mapped model file (never copied to the heap). GGML calls {@code cols} "ne0": the
 * contiguous dimension. Implementations exist per type family; all of them are thread-safe for
 * reads, so several threads may compute disjoint row ranges of one product.
 *
 * <p>An abstract class rather than an interface, and only this package's classes extend it: C2
 * types an array whose elements are of an interface type as an {@code Object[]}, speculates at
 * every store into it that the array is exactly that, and a {@code WeightMatrix[]} then failed the
 * check at each store — the decoding step stores the chosen experts' matrices into one, and
 * {@code -XX:+LogCompilation} showed {@code array_check} traps there recompiling it eight times in
 * the first second of decoding. An array of a class type is typed as what it is.
 */
public abstract class WeightMatrix {

    WeightMatrix() {}

    public abstract GgmlType type();

    public abstract int rows();

    public abstract int cols();

    /** The dot product of row {@code row} with {@code x[xOffset .. xOffset + cols)}. */
    public abstract float dot(int row, float[] x, int xOffset);

    /** {@code out[r] = dot(r, x, 0)} for every {@code r} in {@code [rowStart, rowEnd)}. */
    public void matvec(float[] x, float[] out, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = dot(r, x, 0);
        }
    }

    /**
     * A batch of matrix-vector products (prefill): for each token {@code t < batch} and row
     * {@code r} in {@code [rowStart, rowEnd)}, {@code out[t * outStride + r] = dot(r, x, t * xStride)}.
     * Rows are the outer loop so that each weight row is read from memory once and then served to
     * every token from cache; kernels may override with tiled versions.
     */
    public void matmul(float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            for (int t = 0; t < batch; t++) {
                out[t * outStride + r] = dot(r, x, t * xStride);
            }
        }
    }

    /**
     * The dot product of row {@code row} with an activation vector given both as floats {@code x}
     * (length cols) and quantized to 8 bits {@code xq} (from {@code x}): quantized types use
     * {@code xq} with integer arithmetic as llama.cpp does; float types use {@code x}.
     */
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        return dot(row, x, 0);
    }

    /** The 8-bit blocks {@link #dotQ8} reads; {@link ActivationBlocks#NONE} when it uses {@code x} as it is. */
    public ActivationBlocks activationBlocks() {
        return ActivationBlocks.of(type());
    }

    /** {@code out[r] = dotQ8(r, x, xq)} for every {@code r} in {@code [rowStart, rowEnd)}. */
    public void matvecQ8(float[] x, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = dotQ8(r, x, xq);
        }
    }

    /** Writes row {@code row}, dequantized to float, to {@code out[outOffset .. outOffset + cols)}. */
    public abstract void dequantizeRow(int row, float[] out, int outOffset);

    /** Rows a {@link #repackRows} range must be a multiple of. */
    public static final int REPACK_ROWS = 8;

    /**
     * Bytes of this matrix's repacked copy: a layout that decodes faster than the file's, made
     * once after loading (docs/engine.md, "Repacking"); 0 when its type or shape has none.
     */
    public long repackedBytes() {
        RowGroupCopy copy = rowGroupCopy();
        return copy == null ? 0 : copy.bytes();
    }

    /**
     * Writes rows {@code [rowStart, rowEnd)} (multiples of {@link #REPACK_ROWS}) of the repacked
     * copy into {@code target}, which has {@link #repackedBytes} bytes; parts may run in parallel.
     */
    public void repackRows(MemorySegment target, int rowStart, int rowEnd) {
        RowGroupCopy copy = rowGroupCopy();
        if (copy == null || copy.bytes() == 0) {
            throw noRepackedLayout();
        }
        copy.repackRows(target, rowStart, rowEnd);
    }

    /**
     * From now on decode products ({@link #matvecQ8}, {@link #dotQ8}) read the repacked copy in
     * {@code target}, whose rows must all have been written. Prompt processing ({@link #matmul})
     * and float products keep reading the file's layout, which stays mapped.
     */
    public void useRepacked(MemorySegment target) {
        RowGroupCopy copy = rowGroupCopy();
        if (copy == null || !copy.use(target)) {
            throw copy == null || copy.bytes() == 0 ? noRepackedLayout()
                    : new UnsupportedOperationException("a repacked copy of " + type() + " " + rows() + "x" + cols()
                            + " has " + copy.bytes() + " bytes, not " + target.byteSize());
        }
    }

    /** The copy this matrix can be repacked into, or null: none for its type (the default). */
    RowGroupCopy rowGroupCopy() {
        return null;
    }

    private UnsupportedOperationException noRepackedLayout() {
        return new UnsupportedOperationException(type() + " " + rows() + "x" + cols() + " has no repacked layout");
    }
}
