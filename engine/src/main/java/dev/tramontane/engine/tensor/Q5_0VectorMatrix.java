package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q5_0Block;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q5_0Matrix} with Vector API dot products; the fifth bits are spread from qh in int lanes. */
final class Q5_0VectorMatrix extends Q5_0Matrix {

    Q5_0VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_0Block.BYTES) {
            int xi = xOffset + b * Q5_0Block.ELEMENTS;
            int qh = LittleEndian.i32(data, offset + 2);
            FloatVector qx = FloatVector.zero(F);
            for (int k = 0; k < 16; k += L) {
                ByteVector q = VectorOps.bytes(data, offset + 6 + k);
                var lo = VectorOps.toInt(q.and((byte) 0x0F)).or(Q5Bits.fifthBits(qh, k)).sub(16);
                var hi = VectorOps.toInt(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)).or(Q5Bits.fifthBits(qh, 16 + k)).sub(16);
                qx = VectorOps.toFloat(lo).fma(VectorOps.x(x, xi + k), qx);
                qx = VectorOps.toFloat(hi).fma(VectorOps.x(x, xi + 16 + k), qx);
            }
            acc = qx.fma(VectorOps.broadcast(LittleEndian.f16(data, offset)), acc);
        }
        return VectorOps.sum(acc);
    }
}
