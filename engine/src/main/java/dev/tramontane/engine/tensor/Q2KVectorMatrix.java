package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q2KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q2KMatrix} with Vector API dot products: one qs load yields four 2-bit groups; (d·sc)·q·x − (dmin·m)·x. */
final class Q2KVectorMatrix extends Q2KMatrix {

    Q2KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q2KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 80);
            float dmin = LittleEndian.f16(data, offset + 82);
            for (int h = 0; h < 2; h++) {
                for (int t = 0; t < 32; t += L) {
                    ByteVector q = VectorOps.bytes(data, offset + 16 + 32 * h + t);
                    for (int j = 0; j < 4; j++) {
                        int w = 128 * h + 32 * j + t;
                        int sc = LittleEndian.u8(data, offset + w / 16);
                        FloatVector xv = VectorOps.x(x, xOffset + b * Q2KBlock.ELEMENTS + w);
                        FloatVector qv = VectorOps.toFloat(q.lanewise(VectorOperators.LSHR, 2 * j).and((byte) 3));
                        acc = qv.mul(xv).fma(VectorOps.broadcast(d * (sc & 0x0F)), acc);
                        acc = xv.fma(VectorOps.broadcast(-dmin * (sc >>> 4)), acc);
                    }
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
