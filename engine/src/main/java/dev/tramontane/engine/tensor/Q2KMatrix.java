package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q2KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;

/** Rows of {@link Q2KBlock}s. */
class Q2KMatrix extends MappedWeightMatrix {

    Q2KMatrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q2_K, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q2KBlock.BYTES) {
            sum += Q2KBlock.dot(data, offset, x, xOffset + b * Q2KBlock.ELEMENTS);
        }
        return sum;
    }

    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q2KBlock.BYTES) {
            sum += Q2KBlock.dotQ8(data, offset, xq, b);
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q2KBlock.BYTES) {
            Q2KBlock.dequantize(data, offset, out, outOffset + b * Q2KBlock.ELEMENTS);
        }
    }
}
