package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.LittleEndian;
import java.lang.foreign.MemorySegment;

/** Plain little-endian floats. */
class F32Matrix extends MappedWeightMatrix {

    F32Matrix(MemorySegment data, int rows, int cols) {
        super(GgmlType.F32, data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long base = rowOffset(row);
        float sum = 0f;
        for (int i = 0; i < cols; i++) {
            sum += LittleEndian.f32(data, base + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        long base = rowOffset(row);
        for (int i = 0; i < cols; i++) {
            out[outOffset + i] = LittleEndian.f32(data, base + 4L * i);
        }
    }
}
