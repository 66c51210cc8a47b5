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

/**
 * {@link Q5KMatrix} with Vector API dot products, shaped like {@link Q4KVectorMatrix}; the fifth
 * bit of each quant comes from qh by compare-and-blend ({@link VectorOps#bitTo}).
 */
final class Q5KVectorMatrix extends Q5KMatrix {

    Q5KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset);
            float dmin = LittleEndian.f16(data, offset + 2);
            for (int s = 0; s < 8; s++) {
                float scale = d * KScales.scale(data, offset + 4, s);
                float min = dmin * KScales.min(data, offset + 4, s);
                sum += subBlock(data, offset, s, scale, min, x, xOffset + b * Q5KBlock.ELEMENTS + 32 * s);
            }
        }
        return sum;
    }

    /** Σ (scale·q − min)·x over sub-block {@code s}: nibbles of qs[32·(s/2) ..] (high if s is odd), fifth bit = qh bit s. */
    private static float subBlock(MemorySegment data, long offset, int s, float scale, float min, float[] x, int xi) {
        long qs = offset + 48 + 32L * (s >>> 1);
        FloatVector acc = FloatVector.zero(F);
        for (int k = 0; k < 32; k += L) {
            ByteVector q = VectorOps.bytes(data, qs + k);
            ByteVector nibble = (s & 1) != 0 ? q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F) : q.and((byte) 0x0F);
            ByteVector fifth = VectorOps.bitTo(VectorOps.bytes(data, offset + 16 + k), s, (byte) 16);
            acc = VectorOps.toFloat(nibble.or(fifth)).fma(scale, -min).fma(VectorOps.x(x, xi + k), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
