package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.KScales;
import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q5KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q5KMatrix} with Vector API dot products: as {@link Q4KVectorMatrix}, fifth bits OR'd in from qh in byte lanes. */
final class Q5KVectorMatrix extends Q5KMatrix {

    Q5KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset);
            float dmin = LittleEndian.f16(data, offset + 2);
            for (int c = 0; c < 4; c++) {
                int xi = xOffset + b * Q5KBlock.ELEMENTS + 64 * c;
                long qs = offset + 48 + 32L * c;
                FloatVector qx1 = FloatVector.zero(F), sx1 = FloatVector.zero(F);
                FloatVector qx2 = FloatVector.zero(F), sx2 = FloatVector.zero(F);
                for (int k = 0; k < 32; k += L) {
                    ByteVector q = VectorOps.bytes(data, qs + k);
                    ByteVector h = VectorOps.bytes(data, offset + 16 + k);
                    ByteVector h1 = h.lanewise(VectorOperators.LSHR, 2 * c).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
                    ByteVector h2 = h.lanewise(VectorOperators.LSHR, 2 * c + 1).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
                    FloatVector x1 = VectorOps.x(x, xi + k);
                    FloatVector x2 = VectorOps.x(x, xi + 32 + k);
                    qx1 = VectorOps.toFloat(q.and((byte) 0x0F).or(h1)).fma(x1, qx1);
                    qx2 = VectorOps.toFloat(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).or(h2)).fma(x2, qx2);
                    sx1 = sx1.add(x1);
                    sx2 = sx2.add(x2);
                }
                acc = qx1.fma(VectorOps.broadcast(d * KScales.scale(data, offset + 4, 2 * c)), acc);
                acc = sx1.fma(VectorOps.broadcast(-dmin * KScales.min(data, offset + 4, 2 * c)), acc);
                acc = qx2.fma(VectorOps.broadcast(d * KScales.scale(data, offset + 4, 2 * c + 1)), acc);
                acc = sx2.fma(VectorOps.broadcast(-dmin * KScales.min(data, offset + 4, 2 * c + 1)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
