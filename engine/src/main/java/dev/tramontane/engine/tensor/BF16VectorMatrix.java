package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** {@link BF16Matrix} with Vector API dot products: widen {@link VectorOps#L} values at a time, then FMA. */
final class BF16VectorMatrix extends BF16Matrix {

    BF16VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long base = rowOffset(row);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            acc0 = VectorOps.bf16ToFloat(data, base + 2L * i).fma(VectorOps.x(x, xOffset + i), acc0);
            acc1 = VectorOps.bf16ToFloat(data, base + 2L * (i + L)).fma(VectorOps.x(x, xOffset + i + L), acc1);
        }
        for (; i + L <= cols; i += L) {
            acc0 = VectorOps.bf16ToFloat(data, base + 2L * i).fma(VectorOps.x(x, xOffset + i), acc0);
        }
        float sum = VectorOps.sum(acc0, acc1);
        for (; i < cols; i++) {
            sum += LittleEndian.bf16(data, base + 2L * i) * x[xOffset + i];
        }
        return sum;
    }
}
