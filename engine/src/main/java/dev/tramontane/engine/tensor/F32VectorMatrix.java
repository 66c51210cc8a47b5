package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** {@link F32Matrix} with Vector API dot products; two accumulators hide the FMA latency. */
final class F32VectorMatrix extends F32Matrix {

    F32VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    /**
     * The rows' dots in a loop of this class (not the interface's default), so that a small F32
     * matrix used a few rows at a time (a router) gets its own hot loop and C2 code, instead of
     * depending on how C2 compiled the default method shared by every matrix type.
     */
    @Override
    public void matvec(float[] x, float[] out, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = dot(r, x, 0);
        }
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long base = rowOffset(row);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            acc0 = VectorOps.floats(data, base + 4L * i).fma(VectorOps.x(x, xOffset + i), acc0);
            acc1 = VectorOps.floats(data, base + 4L * (i + L)).fma(VectorOps.x(x, xOffset + i + L), acc1);
        }
        for (; i + L <= cols; i += L) {
            acc0 = VectorOps.floats(data, base + 4L * i).fma(VectorOps.x(x, xOffset + i), acc0);
        }
        float sum = VectorOps.sum(acc0, acc1);
        for (; i < cols; i++) {
            sum += LittleEndian.f32(data, base + 4L * i) * x[xOffset + i];
        }
        return sum;
    }
}
