package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q3KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q3KMatrix} with Vector API dot products: q = low2 + 4·hbit − 4 built in byte lanes, scaled per sub-block. */
final class Q3KVectorMatrix extends Q3KMatrix {

    Q3KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q3KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 108);
            for (int h = 0; h < 2; h++) {
                for (int t = 0; t < 32; t += L) {
                    ByteVector q = VectorOps.bytes(data, offset + 32 + 32 * h + t);
                    ByteVector mask = VectorOps.bytes(data, offset + t);
                    for (int j = 0; j < 4; j++) {
                        int w = 128 * h + 32 * j + t;
                        ByteVector low = q.lanewise(VectorOperators.LSHR, 2 * j).and((byte) 3);
                        ByteVector high = mask.lanewise(VectorOperators.LSHR, 4 * h + j).and((byte) 1).lanewise(VectorOperators.LSHL, 2);
                        FloatVector qv = VectorOps.toFloat(low.add(high).sub((byte) 4));
                        FloatVector xv = VectorOps.x(x, xOffset + b * Q3KBlock.ELEMENTS + w);
                        acc = qv.mul(xv).fma(VectorOps.broadcast(d * Q3KBlock.scale(data, offset, w / 16)), acc);
                    }
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
