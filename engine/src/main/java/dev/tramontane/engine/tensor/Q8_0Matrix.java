package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8_0Block;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q8_0Block}s. */
class Q8_0Matrix extends MappedWeightMatrix {

    Q8_0Matrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q8_0, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            sum += Q8_0Block.dot(data, offset, x, xOffset + b * Q8_0Block.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            sum += Q8_0Block.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            Q8_0Block.dequantize(data, offset, out, outOffset + b * Q8_0Block.ELEMENTS);
        }
    }
}
