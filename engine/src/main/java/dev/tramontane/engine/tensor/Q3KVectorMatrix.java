package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q3KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q3KMatrix} with Vector API dot products, one 16-weight sub-block per call:
 * q = low2 + 4·hbit − 4 built in byte lanes, widened, FMA'd with x; the lane sum is scaled by
 * d·scale. Small methods keep C2 below its inlining node limit (see {@link Q6KVectorMatrix}).
 */
final class Q3KVectorMatrix extends Q3KMatrix {

    Q3KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q3KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 108);
            int xBlock = xOffset + b * Q3KBlock.ELEMENTS;
            for (int s = 0; s < 16; s++) {
                sum += d * Q3KBlock.scale(data, offset, s) * subBlock(data, offset, s, x, xBlock);
            }
        }
        return sum;
    }

    /** Σ q·x over sub-block {@code s}: weight 128h+32j+t has low bits in qs[32h+t] bits 2j, high bit in hmask[t] bit 4h+j. */
    private static float subBlock(MemorySegment data, long offset, int s, float[] x, int xBlock) {
        int h = s >>> 3;
        int j = (s >>> 1) & 3;
        int t0 = (s & 1) * 16;
        FloatVector acc = FloatVector.zero(F);
        for (int t = t0; t < t0 + 16; t += L) {
            ByteVector low = VectorOps.bytes(data, offset + 32 + 32 * h + t).lanewise(VectorOperators.LSHR, 2 * j).and((byte) 3);
            ByteVector high = VectorOps.bitTo(VectorOps.bytes(data, offset + t), 4 * h + j, (byte) 4);
            acc = VectorOps.toFloat(low.add(high).sub((byte) 4)).fma(VectorOps.x(x, xBlock + 16 * s + t - t0), acc);
        }
        return VectorOps.sum(acc);
    }
}
