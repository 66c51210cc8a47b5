package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q6KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q6KMatrix} with Vector API dot products, one 16-weight sub-block at a time: its 6-bit
 * quants are rebuilt in byte lanes (re-centred to -32..31), widened and multiplied with x, and the
 * lane sum is scaled by the sub-block's d·scale.
 *
 * <p>Shape chosen after -XX:+PrintInlining: the first version decoded a whole block in one method;
 * C2 then reached its inlining node limit (NodeCountInliningCutoff), left Vector API calls
 * un-inlined and boxed every vector, barely faster than scalar. Small per-sub-block methods that
 * return a float stay fully inlined (a per-16 reduction is the price; see VectorSupport for figures).
 */
final class Q6KVectorMatrix extends Q6KMatrix {

    Q6KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 208);
            int xBlock = xOffset + b * Q6KBlock.ELEMENTS;
            for (int s = 0; s < 16; s++) {
                sum += d * LittleEndian.i8(data, offset + 192 + s) * subBlock(data, offset, s, x, xBlock);
            }
        }
        return sum;
    }

    /** Σ (q − 32)·x over sub-block {@code s} (weights 16s .. 16s+15) of the block at {@code offset}. */
    private static float subBlock(MemorySegment data, long offset, int s, float[] x, int xBlock) {
        int h = s >>> 3;          // which 128-weight half
        int k = (s >>> 1) & 3;    // which of the four 32-weight groups of that half
        int l0 = (s & 1) * 16;    // first l of the sub-block within the group
        long low = offset + 64 * h + 32 * (k & 1);
        long high = offset + 128 + 32 * h;
        FloatVector acc = FloatVector.zero(F);
        for (int l = l0; l < l0 + 16; l += L) {
            ByteVector ql = VectorOps.bytes(data, low + l);
            ByteVector nibble = k < 2 ? ql.and((byte) 0x0F) : ql.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
            ByteVector top = VectorOps.bytes(data, high + l).lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
            ByteVector q = nibble.or(top).sub((byte) 32);
            acc = VectorOps.toFloat(q).fma(VectorOps.x(x, xBlock + 16 * s + l - l0), acc);
        }
        return VectorOps.sum(acc);
    }

    /** Integer lanes per 16-weight sub-block, then exactly the scalar twin's per-block float arithmetic. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        byte[] qx = xq.q8KQuants();
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            int sumi = 0;
            for (int s = 0; s < 16; s++) {
                sumi += LittleEndian.i8(data, offset + 192 + s) * subBlockQ8(data, offset, s, qx, 256 * b);
            }
            sum += xq.q8KScales()[b] * LittleEndian.f16(data, offset + 208) * sumi;
        }
        return sum;
    }

    private static int subBlockQ8(MemorySegment data, long offset, int s, byte[] qx, int xBlock) {
        int h = s >>> 3;
        int k = (s >>> 1) & 3;
        int l0 = (s & 1) * 16;
        long low = offset + 64 * h + 32 * (k & 1);
        long high = offset + 128 + 32 * h;
        IntVector acc = IntVector.zero(VectorOps.I);
        for (int l = l0; l < l0 + 16; l += L) {
            ByteVector ql = VectorOps.bytes(data, low + l);
            ByteVector nibble = k < 2 ? ql.and((byte) 0x0F) : ql.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
            ByteVector top = VectorOps.bytes(data, high + l).lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
            ByteVector q = nibble.or(top).sub((byte) 32);
            acc = VectorOps.toInt(q).mul(VectorOps.toInt(ByteVector.fromArray(VectorOps.B, qx, xBlock + 16 * s + l - l0))).add(acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Tiled: each row is decoded once to floats, then applied to four tokens at a time, a few rows per pass (see {@link DecodedRowDots}). */
    @Override
    public void matmul(float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        if (batch < 2) {
            super.matmul(x, xStride, batch, out, outStride, rowStart, rowEnd);
            return;
        }
        DecodedRowDots.tiledMatmul(cols, cols / 16, this::decodeRow, DecodedRowDots.subBlockDot(16, cols / 16),
                x, xStride, batch, out, outStride, rowStart, rowEnd);
    }

    /** Row {@code row}'s re-centred quants as floats into {@code q}, each sub-block's d·scale into {@code ds}, as {@link #dot} forms them. */
    private void decodeRow(int row, float[] q, float[] ds) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q6KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset + 208);
            for (int s = 0; s < 16; s++) {
                ds[16 * b + s] = d * LittleEndian.i8(data, offset + 192 + s);
                int h = s >>> 3;
                int k = (s >>> 1) & 3;
                int l0 = (s & 1) * 16;
                long low = offset + 64 * h + 32 * (k & 1);
                long high = offset + 128 + 32 * h;
                for (int l = l0; l < l0 + 16; l += L) {
                    ByteVector ql = VectorOps.bytes(data, low + l);
                    ByteVector nibble = k < 2 ? ql.and((byte) 0x0F) : ql.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
                    ByteVector top = VectorOps.bytes(data, high + l).lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
                    VectorOps.toFloat(nibble.or(top).sub((byte) 32)).intoArray(q, b * Q6KBlock.ELEMENTS + 16 * s + l - l0);
                }
            }
        }
    }
}
