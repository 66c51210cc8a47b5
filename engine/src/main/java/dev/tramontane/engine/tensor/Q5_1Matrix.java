package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q5_1Block;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q5_1Block}s. */
class Q5_1Matrix extends MappedWeightMatrix {

    Q5_1Matrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_1, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_1Block.BYTES) {
            sum += Q5_1Block.dot(data, offset, x, xOffset + b * Q5_1Block.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_1Block.BYTES) {
            sum += Q5_1Block.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_1Block.BYTES) {
            Q5_1Block.dequantize(data, offset, out, outOffset + b * Q5_1Block.ELEMENTS);
        }
    }
}
