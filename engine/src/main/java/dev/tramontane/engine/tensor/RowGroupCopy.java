package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/**
 * A matrix's copy repacked eight rows to a group ({@link RowGroupProducts}): its size, how its
 * rows are written, the kernel that multiplies it, and the copy itself once the matrix uses it. A
 * matrix whose type has such a layout holds one and hands it to {@link WeightMatrix}, which answers
 * {@link WeightMatrix#repackedBytes}, {@link WeightMatrix#repackRows} and {@link
 * WeightMatrix#useRepacked} through it; the matrix's decode products ask it first.
 */
final class RowGroupCopy {

    /** Writes the groups of rows {@code [rowStart, rowEnd)} of a matrix in the file's layout into the repacked one. */
    interface Repacker {
        void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd);
    }

    private final MemorySegment source;
    private final int rows;
    private final int cols;
    private final long bytes;
    private final Repacker repacker;
    private final RowGroupProducts.GroupKernel kernel;
    /** The copy once {@link #use} has been called; null before. */
    private volatile MemorySegment groups;

    /**
     * The copy of a {@code rows} × {@code cols} matrix in the file's layout {@code source}, which
     * takes {@code bytes} when the rows are whole groups of eight (and there is none otherwise).
     */
    RowGroupCopy(MemorySegment source, int rows, int cols, long bytes, Repacker repacker, RowGroupProducts.GroupKernel kernel) {
        this.source = source;
        this.rows = rows;
        this.cols = cols;
        this.bytes = rows > 0 && rows % RowGroupProducts.ROWS == 0 ? bytes : 0;
        this.repacker = repacker;
        this.kernel = kernel;
    }

    /** Bytes of the copy; 0 when the matrix has none (its rows are not whole groups). */
    long bytes() {
        return bytes;
    }

    /** Writes the rows {@code [rowStart, rowEnd)}, whole groups, into {@code target}. */
    void repackRows(MemorySegment target, int rowStart, int rowEnd) {
        RowGroupProducts.requireWholeGroups(rows, rowStart, rowEnd);
        repacker.repack(source, cols, target, rowStart, rowEnd);
    }

    /** Uses {@code target} from now on, if it is a copy of the right size; whether it was. */
    boolean use(MemorySegment target) {
        if (bytes == 0 || target.byteSize() != bytes) {
            return false;
        }
        groups = target;
        return true;
    }

    /** Whether the products go to the copy. */
    boolean inUse() {
        return groups != null;
    }

    /** Row {@code row}'s product with {@code xq}, from the copy (only once {@link #inUse}). */
    float dotQ8(Q8Activations xq, int row) {
        return RowGroupProducts.dotQ8(kernel, groups, xq, row);
    }

    /** {@code out[r]} for {@code r} in {@code [rowStart, rowEnd)} from the copy, if there is one in use; whether there was. */
    boolean matvecQ8(Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        MemorySegment g = groups;
        if (g == null) {
            return false;
        }
        RowGroupProducts.matvecQ8(kernel, g, xq, out, rowStart, rowEnd);
        return true;
    }
}
