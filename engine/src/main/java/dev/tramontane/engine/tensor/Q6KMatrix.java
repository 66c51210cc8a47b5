package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q6KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q6KBlock}s. */
class Q6KMatrix extends MappedWeightMatrix {

    Q6KMatrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q6_K, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            sum += Q6KBlock.dot(data, offset, x, xOffset + b * Q6KBlock.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            sum += Q6KBlock.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            Q6KBlock.dequantize(data, offset, out, outOffset + b * Q6KBlock.ELEMENTS);
        }
    }
}
