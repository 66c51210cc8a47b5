package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q2KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q2KMatrix} with Vector API dot products, one 16-weight sub-block per call: 2-bit quants
 * widened, turned into weights with one FMA (q·(d·sc) − dmin·m) and FMA'd with x.
 */
final class Q2KVectorMatrix extends Q2KMatrix {

    Q2KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q2KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 80);
            float dmin = LittleEndian.f16(data, offset + 82);
            int xBlock = xOffset + b * Q2KBlock.ELEMENTS;
            for (int s = 0; s < 16; s++) {
                int sc = LittleEndian.u8(data, offset + s);
                sum += subBlock(data, offset, s, d * (sc & 0x0F), dmin * (sc >>> 4), x, xBlock);
            }
        }
        return sum;
    }

    /** Σ (scale·q − min)·x over sub-block {@code s}: weight 128h+32j+t is qs[32h+t] bits 2j..2j+1. */
    private static float subBlock(MemorySegment data, long offset, int s, float scale, float min, float[] x, int xBlock) {
        int h = s >>> 3;
        int j = (s >>> 1) & 3;
        int t0 = (s & 1) * 16;
        FloatVector acc = FloatVector.zero(F);
        for (int t = t0; t < t0 + 16; t += L) {
            ByteVector q = VectorOps.bytes(data, offset + 16 + 32 * h + t).lanewise(VectorOperators.LSHR, 2 * j).and((byte) 3);
            acc = VectorOps.toFloat(q).fma(scale, -min).fma(VectorOps.x(x, xBlock + 16 * s + t - t0), acc);
        }
        return VectorOps.sum(acc);
    }
}
