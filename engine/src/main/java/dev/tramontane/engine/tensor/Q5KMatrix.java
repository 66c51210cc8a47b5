package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q5KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q5KBlock}s. */
class Q5KMatrix extends MappedWeightMatrix {

    Q5KMatrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_K, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            sum += Q5KBlock.dot(data, offset, x, xOffset + b * Q5KBlock.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            sum += Q5KBlock.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            Q5KBlock.dequantize(data, offset, out, outOffset + b * Q5KBlock.ELEMENTS);
        }
    }
}
