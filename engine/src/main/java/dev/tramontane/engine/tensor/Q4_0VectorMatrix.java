package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.F8;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q4_0Block;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q4_0Matrix} with Vector API dot products: nibbles are split and re-centred in byte lanes, widened, FMA'd. */
final class Q4_0VectorMatrix extends Q4_0Matrix {

    Q4_0VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
        this.kernel = DecodedRowDots.blockDot(blocksPerRow, true);
    }

    private final DecodedRowDots.DecodedDot kernel;
    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_0Block.BYTES) {
            int xi = xOffset + b * Q4_0Block.ELEMENTS;
            FloatVector qx = FloatVector.zero(F8);
            for (int k = 0; k < 16; k += 8) {
                IntVector q = VectorOps.ints8(data, offset + 2 + k);
                qx = VectorOps.toFloat8(low(q)).fma(VectorOps.x8(x, xi + k), qx);
                qx = VectorOps.toFloat8(high(q)).fma(VectorOps.x8(x, xi + 16 + k), qx);
            }
            acc = qx.fma(VectorOps.broadcast8(LittleEndian.f16(data, offset)), acc);
        }
        return VectorOps.sum8(acc);
    }

    /** The re-centred low nibbles (weights k .. k+7 of a block) of 8 quant bytes widened to int lanes. */
    private static IntVector low(IntVector q) {
        return q.and(0x0F).sub(8);
    }

    /** The re-centred high nibbles (weights 16+k .. 16+k+7). */
    private static IntVector high(IntVector q) {
        return q.lanewise(VectorOperators.LSHR, 4).and(0x0F).sub(8);
    }

    /** Integer lanes: Σ (q − 8)·q_x per block in int lanes, then one FMA by d·d_x. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        byte[] qx = xq.q8_0Quants();
        float[] dx = xq.q8_0Scales();
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_0Block.BYTES) {
            IntVector isum = IntVector.zero(VectorOps.I);
            for (int k = 0; k < 16; k += L) {
                ByteVector q = VectorOps.bytes(data, offset + 2 + k);
                IntVector lo = VectorOps.toInt(q.and((byte) 0x0F).sub((byte) 8));
                IntVector hi = VectorOps.toInt(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8));
                isum = lo.mul(VectorOps.toInt(ByteVector.fromArray(VectorOps.B, qx, 32 * b + k))).add(isum);
                isum = hi.mul(VectorOps.toInt(ByteVector.fromArray(VectorOps.B, qx, 32 * b + 16 + k))).add(isum);
            }
            acc = VectorOps.toFloat(isum).fma(VectorOps.broadcast(LittleEndian.f16(data, offset) * dx[b]), acc);
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
        DecodedRowDots.tiledMatmul(cols, blocksPerRow, decoder, kernel,
                x, xStride, batch, out, outStride, rowStart, rowEnd);
    }

    /** The re-centred nibbles of row {@code row} as floats in {@code q} (low nibbles first in each block), scales in {@code d}. */
    private void decodeRow(int row, float[] q, int qo, float[] d, int dOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_0Block.BYTES) {
            for (int k = 0; k < 16; k += 8) {
                IntVector v = VectorOps.ints8(data, offset + 2 + k);
                VectorOps.toFloat8(low(v)).intoArray(q, qo + 32 * b + k);
                VectorOps.toFloat8(high(v)).intoArray(q, qo + 32 * b + 16 + k);
            }
            d[dOffset + b] = LittleEndian.f16(data, offset);
        }
    }
}
