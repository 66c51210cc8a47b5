package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q6KBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q6KMatrix} with Vector API dot products: each load of ql/ql+32/qh yields four groups of
 * 6-bit quants (re-centred to -32..31 in byte lanes), each scaled by its sub-block's d·scale.
 */
final class Q6KVectorMatrix extends Q6KMatrix {

    Q6KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 208);
            long scales = offset + 192;
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += L) {
                    ByteVector a = VectorOps.bytes(data, offset + 64 * h + l);
                    ByteVector c = VectorOps.bytes(data, offset + 64 * h + 32 + l);
                    ByteVector hi = VectorOps.bytes(data, offset + 128 + 32 * h + l);
                    ByteVector q1 = a.and((byte) 0x0F).or(hi.and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q2 = c.and((byte) 0x0F).or(hi.lanewise(VectorOperators.LSHR, 2).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).or(hi.lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q4 = c.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).or(hi.lanewise(VectorOperators.LSHR, 6).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    int w = b * Q6KBlock.ELEMENTS + 128 * h + l;
                    acc = term(q1, x, xOffset + w, d * LittleEndian.i8(data, scales + (w & 255) / 16), acc);
                    acc = term(q2, x, xOffset + w + 32, d * LittleEndian.i8(data, scales + ((w & 255) + 32) / 16), acc);
                    acc = term(q3, x, xOffset + w + 64, d * LittleEndian.i8(data, scales + ((w & 255) + 64) / 16), acc);
                    acc = term(q4, x, xOffset + w + 96, d * LittleEndian.i8(data, scales + ((w & 255) + 96) / 16), acc);
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector term(ByteVector q, float[] x, int xi, float scale, FloatVector acc) {
        return VectorOps.toFloat(q).mul(VectorOps.x(x, xi)).fma(VectorOps.broadcast(scale), acc);
    }
}
