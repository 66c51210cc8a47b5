package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F8;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Q8_0Block;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;

/**
 * {@link Q8_0Matrix} with Vector API dot products: quants widened to int lanes, converted and
 * scaled to weights d·q, FMA'd with x in two chains. Width: 256-bit ({@link VectorOps#F8}). On
 * 8-bit activations ({@link #matvecQ8}) the products are integers in 16-bit lanes instead (see
 * {@link #rowDotQ8}): 10.1–10.5 G weights/s per thread against 7.6–8.1 for the float kernel
 * (KernelBenchmark --q8, 14336 × 4096).
 */
final class Q8_0VectorMatrix extends Q8_0Matrix {

    Q8_0VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;
    /** The rows repacked in groups of eight ({@link Q8_0RowGroups}), used once {@link #useRepacked} is called. */
    private final RowGroupCopy copy = new RowGroupCopy(data, rows, cols, Q8_0RowGroups.bytes(rows, cols), Q8_0RowGroups::repack,
            (g, group, xq, out, outOffset) -> Q8_0RowGroups.groupDotQ8(g, blocksPerRow, group, xq, out, outOffset));

    @Override
    public float dot(int row, float[] x, int xOffset) {
        return rowDot(row, x, xOffset);
    }

    /** A loop of this class rather than the interface default, so that C2 compiles it with {@link #rowDot} for this type alone. */
    @Override
    public void matvec(float[] x, float[] out, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = rowDot(r, x, 0);
        }
    }

    /**
     * Σ w·x with the weights d·q formed in registers exactly as {@link #decodeRow} stores them, in
     * two FMA chains (chunks at 16k and 16k + 8); the tiled matmul sums the same products in
     * another order (see {@link DecodedRowDots}). Reached through {@link #matvec} of this class, as
     * for Q4_0.
     */
    private float rowDot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector a = FloatVector.zero(F8), c = a;
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            int xi = xOffset + b * Q8_0Block.ELEMENTS;
            FloatVector d = VectorOps.broadcast8(LittleEndian.f16(data, offset));
            for (int k = 0; k < Q8_0Block.ELEMENTS; k += 16) {
                a = VectorOps.toFloat8(VectorOps.ints8(data, offset + 2 + k)).mul(d).fma(VectorOps.x8(x, xi + k), a);
                c = VectorOps.toFloat8(VectorOps.ints8(data, offset + 10 + k)).mul(d).fma(VectorOps.x8(x, xi + k + 8), c);
            }
        }
        return VectorOps.sum8(a, c);
    }

    /** See {@link #rowDotQ8}. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        if (copy.inUse()) {
            return copy.dotQ8(xq, row);
        }
        return rowDotQ8(row, xq.q8_0WideQuants(), xq.q8_0Scales());
    }

    /** A loop of this class rather than the interface default, so that C2 compiles it with {@link #rowDotQ8} for this type alone. */
    @Override
    public void matvecQ8(float[] x, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        requireLength(xq);
        if (copy.matvecQ8(xq, out, rowStart, rowEnd)) {
            return;
        }
        short[] qx = xq.q8_0WideQuants();
        float[] dx = xq.q8_0Scales();
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = rowDotQ8(r, qx, dx);
        }
    }

    /**
     * Σ d·d_x·Σq·q_x over the blocks, in 16-bit lanes: a block's two halves of 16 quants widened to
     * short lanes and multiplied by q_x (|q·q_x| ≤ 128·127, so a pair of products ≤ 32512 still
     * fits a short, but the pairs of lanes do not: {@link ShortLanes#pairSums}, not the multiply
     * fold), folded to 8 int lanes, converted once per block and FMA'd with d·d_x.
     * <p>Measured and not kept (1 thread, alternated runs, machine shared): one 32-byte load split
     * in two halves (9.2–9.5, slower than two 16-byte loads); each half folded by the multiply
     * before adding (same speed); two blocks per pass (no gain beyond noise).
     */
    private float rowDotQ8(int row, short[] qx, float[] dx) {
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            float scale = LittleEndian.f16(data, offset) * dx[b];
            ShortVector p = ShortLanes.signed16(data, offset + 2).mul(ShortLanes.x16(qx, 32 * b))
                    .add(ShortLanes.signed16(data, offset + 18).mul(ShortLanes.x16(qx, 32 * b + 16)));
            acc = VectorOps.toFloat8(ShortLanes.pairSums(p)).fma(VectorOps.broadcast8(scale), acc);
        }
        return VectorOps.sum8(acc);
    }

    @Override
    RowGroupCopy rowGroupCopy() {
        return copy;
    }

    /** Tiled: rows decoded once to weights d·q, then six rows by 16 tokens at a time (see {@link DecodedRowDots}). */
    @Override
    public void matmul(float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        if (batch < 2) {
            super.matmul(x, xStride, batch, out, outStride, rowStart, rowEnd);
            return;
        }
        DecodedRowDots.tiledMatmul(cols, decoder, x, xStride, batch, out, outStride, rowStart, rowEnd);
    }

    /** Row {@code row}'s weights d·q into {@code w[wo ..]}. */
    private void decodeRow(int row, float[] w, int wo) {
        long offset = rowOffset(row);
        for (int b = 0; b < blocksPerRow; b++, offset += Q8_0Block.BYTES) {
            FloatVector d = VectorOps.broadcast8(LittleEndian.f16(data, offset));
            for (int k = 0; k < Q8_0Block.ELEMENTS; k += 8) {
                VectorOps.toFloat8(VectorOps.ints8(data, offset + 2 + k)).mul(d).intoArray(w, wo + 32 * b + k);
            }
        }
    }
}
