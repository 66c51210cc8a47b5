package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.LittleEndian;
import java.lang.foreign.MemorySegment;

/** bfloat16 values (the upper 16 bits of a float). */
class BF16Matrix extends MappedWeightMatrix {

    BF16Matrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.BF16, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long base = rowOffset(row);
        float sum = 0f;
        for (int i = 0; i < cols; i++) {
            sum += LittleEndian.bf16(data, base + 2L * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long base = rowOffset(row);
        for (int i = 0; i < cols; i++) {
            out[outOffset + i] = LittleEndian.bf16(data, base + 2L * i);
        }
    }
}
