package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.F8;
import static dev.tramontane.engine.tensor.VectorOps.L;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Q8_0Block;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/** {@link Q8_0Matrix} with Vector API dot products: Σ q·x per block in lanes, then one FMA by the block scale. */
final class Q8_0VectorMatrix extends Q8_0Matrix {

    Q8_0VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
        this.kernel = DecodedRowDots.blockDot(blocksPerRow, false);
    }

    private final DecodedRowDots.DecodedDot kernel;
    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;

    @Override
    public float dot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            int xi = xOffset + b * Q8_0Block.ELEMENTS;
            FloatVector qx = FloatVector.zero(F8);
            for (int k = 0; k < Q8_0Block.ELEMENTS; k += 8) {
                qx = VectorOps.toFloat8(VectorOps.ints8(data, offset + 2 + k)).fma(VectorOps.x8(x, xi + k), qx);
            }
            acc = qx.fma(VectorOps.broadcast8(LittleEndian.f16(data, offset)), acc);
        }
        return VectorOps.sum8(acc);
    }

    /** Integer lanes: Σ q·q_x per block in int lanes, then one FMA by d·d_x. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        byte[] qx = xq.q8_0Quants();
        float[] dx = xq.q8_0Scales();
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            IntVector isum = IntVector.zero(VectorOps.I);
            for (int k = 0; k < Q8_0Block.ELEMENTS; k += L) {
                IntVector w = VectorOps.toInt(VectorOps.bytes(data, offset + 2 + k));
                isum = w.mul(VectorOps.toInt(ByteVector.fromArray(VectorOps.B, qx, 32 * b + k))).add(isum);
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

    /** The quants of row {@code row} as floats in {@code q}, the block scales in {@code d}: the lanes {@link #dot} builds. */
    private void decodeRow(int row, float[] q, int qo, float[] d, int dOffset) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            for (int k = 0; k < Q8_0Block.ELEMENTS; k += 8) {
                VectorOps.toFloat8(VectorOps.ints8(data, offset + 2 + k)).intoArray(q, qo + 32 * b + k);
            }
            d[dOffset + b] = LittleEndian.f16(data, offset);
        }
    }
}
