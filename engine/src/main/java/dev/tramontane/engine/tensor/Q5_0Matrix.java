package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q5_0Block;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q5_0Block}s. */
class Q5_0Matrix extends MappedWeightMatrix {

    Q5_0Matrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_0, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_0Block.BYTES) {
            sum += Q5_0Block.dot(data, offset, x, xOffset + b * Q5_0Block.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_0Block.BYTES) {
            sum += Q5_0Block.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_0Block.BYTES) {
            Q5_0Block.dequantize(data, offset, out, outOffset + b * Q5_0Block.ELEMENTS);
        }
    }
}
