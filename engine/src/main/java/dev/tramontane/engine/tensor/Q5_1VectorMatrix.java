package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q5_1Block;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q5_1Matrix} with Vector API dot products: d·Σq·x + m·Σx per block, fifth bits spread in int lanes. */
final class Q5_1VectorMatrix extends Q5_1Matrix {

    Q5_1VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5_1Block.BYTES) {
            int xi = xOffset + b * Q5_1Block.ELEMENTS;
            int qh = LittleEndian.i32(data, offset + 4);
            FloatVector qx = FloatVector.zero(F);
            FloatVector sx = FloatVector.zero(F);
            for (int k = 0; k < 16; k += L) {
                ByteVector q = VectorOps.bytes(data, offset + 8 + k);
                var lo = VectorOps.toInt(q.and((byte) 0x0F)).or(Q5Bits.fifthBits(qh, k));
                var hi = VectorOps.toInt(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)).or(Q5Bits.fifthBits(qh, 16 + k));
                FloatVector x0 = VectorOps.x(x, xi + k);
                FloatVector x1 = VectorOps.x(x, xi + 16 + k);
                qx = VectorOps.toFloat(lo).fma(x0, qx);
                qx = VectorOps.toFloat(hi).fma(x1, qx);
                sx = sx.add(x0).add(x1);
            }
            acc = qx.fma(VectorOps.broadcast(LittleEndian.f16(data, offset)), acc);
            acc = sx.fma(VectorOps.broadcast(LittleEndian.f16(data, offset + 2)), acc);
        }
        return VectorOps.sum(acc);
    }
}
