package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * What every {@link WeightMatrix} over GGML bytes shares: the segment, the shape, and the byte
 * stride of a row. Subclasses add the arithmetic of one type; the segment is only read, so an
 * instance is safe to share between threads.
 */
abstract class MappedWeightMatrix extends WeightMatrix {

    protected final GgmlType type;
    protected final MemorySegment data;
    protected final int rows;
    protected final int cols;
    protected final long rowBytes;
    protected final int blocksPerRow;

    MappedWeightMatrix(GgmlType type, MemorySegment data, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("a " + type + " matrix needs positive rows and cols, got " + rows + " x " + cols);
        }
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException("a " + type + " row of " + cols + " elements is not a multiple of the block size "
                    + type.blockSize() + "; the tensor shape or type in the file is wrong");
        }
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.blocksPerRow = cols / type.blockSize();
        this.rowBytes = (long) blocksPerRow * type.typeSize();
        long needed = Math.multiplyExact(rowBytes, (long) rows);
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException("a " + type + " matrix of " + rows + " x " + cols + " needs " + needed
                    + " bytes but its data holds only " + data.byteSize() + "; the file is truncated or the tensor directory is wrong");
        }
    }

    @Override
    public final GgmlType type() {
        return type;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** Byte offset of row {@code row} in {@link #data}. */
    protected final long rowOffset(int row) {
        return row * rowBytes;
    }

    /** Checks that 8-bit activations match this matrix's row length. */
    protected final void requireLength(dev.tramontane.engine.quant.Q8Activations xq) {
        if (xq.length() != cols) {
            throw new IllegalArgumentException("8-bit activations of length " + xq.length() + " do not fit rows of " + cols + " (" + this + ")");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + " x " + cols + "]";
    }
}
