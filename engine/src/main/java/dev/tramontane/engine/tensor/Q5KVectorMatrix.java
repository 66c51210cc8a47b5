package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.KScales;
import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q5KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
        return VectorOps.sum(acc);
    }

    /** Integer lanes per 32-weight sub-block, then exactly the scalar twin's per-block float arithmetic. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        byte[] qx = xq.q8KQuants();
        short[] bsums = xq.q8KGroupSums();
        long offset = rowOffset(row);
        float sum = 0f;
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            int sumi = 0;
            int summ = 0;
            for (int s = 0; s < 8; s++) {
                sumi += KScales.scale(data, offset + 4, s) * subBlockQ8(data, offset, s, qx, 256 * b + 32 * s);
                summ += KScales.min(data, offset + 4, s) * (bsums[16 * b + 2 * s] + bsums[16 * b + 2 * s + 1]);
            }
            float dx = xq.q8KScales()[b];
            sum += dx * LittleEndian.f16(data, offset) * sumi - dx * LittleEndian.f16(data, offset + 2) * summ;
        }
        return sum;
    }

    private static int subBlockQ8(MemorySegment data, long offset, int s, byte[] qx, int xi) {
        long qs = offset + 48 + 32L * (s >>> 1);
        IntVector acc = IntVector.zero(VectorOps.I);
        for (int k = 0; k < 32; k += L) {
            ByteVector q = VectorOps.bytes(data, qs + k);
            ByteVector nibble = (s & 1) != 0 ? q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F) : q.and((byte) 0x0F);
            ByteVector fifth = VectorOps.bitTo(VectorOps.bytes(data, offset + 16 + k), s, (byte) 16);
            acc = VectorOps.toInt(nibble.or(fifth)).mul(VectorOps.toInt(ByteVector.fromArray(VectorOps.B, qx, xi + k))).add(acc);
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
        DecodedRowDots.tiledMatmul(cols, 0, this::decodeRow, DecodedRowDots.subBlockDot(32, cols / 32),
                x, xStride, batch, out, outStride, rowStart, rowEnd);
    }

    /** Row {@code row}'s finished weights q·(d·sc) − dmin·m, computed exactly as {@link #subBlock} does, into {@code w}. */
    private void decodeRow(int row, float[] w, float[] noFactors) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q5KBlock.BYTES) {
            float d = LittleEndian.f16(data, offset);
            float dmin = LittleEndian.f16(data, offset + 2);
            for (int s = 0; s < 8; s++) {
                float scale = d * KScales.scale(data, offset + 4, s);
                float min = dmin * KScales.min(data, offset + 4, s);
                long qs = offset + 48 + 32L * (s >>> 1);
                for (int k = 0; k < 32; k += L) {
                    ByteVector q = VectorOps.bytes(data, qs + k);
                    ByteVector nibble = (s & 1) != 0 ? q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F) : q.and((byte) 0x0F);
                    ByteVector fifth = VectorOps.bitTo(VectorOps.bytes(data, offset + 16 + k), s, (byte) 16);
                    VectorOps.toFloat(nibble.or(fifth)).fma(scale, -min).intoArray(w, b * Q5KBlock.ELEMENTS + 32 * s + k);
                }
            }
        }
    }
}
