package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q4_1Block;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q4_1Matrix} with Vector API dot products: Σ(q·d + m)·x = d·Σq·x + m·Σx per block. */
final class Q4_1VectorMatrix extends Q4_1Matrix {

    Q4_1VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_1Block.BYTES) {
            int xi = xOffset + b * Q4_1Block.ELEMENTS;
            FloatVector qx = FloatVector.zero(F);
            FloatVector sx = FloatVector.zero(F);
            for (int k = 0; k < 16; k += L) {
                ByteVector q = VectorOps.bytes(data, offset + 4 + k);
                FloatVector x0 = VectorOps.x(x, xi + k);
                FloatVector x1 = VectorOps.x(x, xi + 16 + k);
                qx = VectorOps.toFloat(q.and((byte) 0x0F)).fma(x0, qx);
                qx = VectorOps.toFloat(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)).fma(x1, qx);
                sx = sx.add(x0).add(x1);
            }
            acc = qx.fma(VectorOps.broadcast(LittleEndian.f16(data, offset)), acc);
            acc = sx.fma(VectorOps.broadcast(LittleEndian.f16(data, offset + 2)), acc);
        }
        return VectorOps.sum(acc);
    }
}
