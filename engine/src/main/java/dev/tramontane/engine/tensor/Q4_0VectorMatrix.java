package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F8;

import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q4_0Block;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q4_0Matrix} with Vector API dot products: quant bytes widened to int lanes (x86 has no byte
 * shifts), nibbles split and re-centred there, converted and scaled to weights d·(q − 8), FMA'd
 * with x in two chains. Width: 256-bit ({@link VectorOps#F8}), 8 bytes to 8 int lanes. On 8-bit
 * activations ({@link #matvecQ8}) the products are integers in 16-bit lanes instead (see
 * {@link #rowDotQ8}): 12.1–12.6 G weights/s per thread against 7.1–8.2 for the float kernel
 * (KernelBenchmark --q8, 14336 × 4096).
 */
final class Q4_0VectorMatrix extends Q4_0Matrix {

    Q4_0VectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;
    /** The rows repacked in groups of eight ({@link Q4_0RowGroups}), used once {@link #useRepacked} is called. */
    private final RowGroupCopy copy = new RowGroupCopy(data, rows, cols, Q4_0RowGroups.bytes(rows, cols), Q4_0RowGroups::repack,
            (g, group, xq, out, outOffset) -> Q4_0RowGroups.groupDotQ8(g, blocksPerRow, group, xq, out, outOffset));

    /** See {@link #rowDot}. */
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
     * Σ w·x with the weights d·(q − 8) formed in registers exactly as {@link #decodeRow} stores
     * them, in two FMA chains (chunks at 16k and 16k + 8: a block's low nibbles 0..7 and high
     * nibbles 16..23 in one, 8..15 and 24..31 in the other); the tiled matmul sums the same
     * products in another order (see {@link DecodedRowDots}). Reached through {@link #matvec} of this
     * class: behind the interface's shared default matvec, C2 left this method boxing its vectors
     * inside the model (decode 4x slower, seen with JFR). Staging the row in an array instead of
     * loading from the segment also cured that, but cost 30 % here (KernelBenchmark).
     */
    private float rowDot(int row, float[] x, int xOffset) {
        long offset = rowOffset(row);
        FloatVector a = FloatVector.zero(F8), c = a;
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_0Block.BYTES) {
            int xi = xOffset + b * Q4_0Block.ELEMENTS;
            FloatVector d = VectorOps.broadcast8(LittleEndian.f16(data, offset));
            IntVector lo = VectorOps.ints8(data, offset + 2);
            IntVector hi = VectorOps.ints8(data, offset + 10);
            a = VectorOps.toFloat8(low(lo)).mul(d).fma(VectorOps.x8(x, xi), a);
            c = VectorOps.toFloat8(low(hi)).mul(d).fma(VectorOps.x8(x, xi + 8), c);
            a = VectorOps.toFloat8(high(lo)).mul(d).fma(VectorOps.x8(x, xi + 16), a);
            c = VectorOps.toFloat8(high(hi)).mul(d).fma(VectorOps.x8(x, xi + 24), c);
        }
        return VectorOps.sum8(a, c);
    }

    /** The re-centred low nibbles (weights k .. k+7 of a block) of 8 quant bytes widened to int lanes. */
    private static IntVector low(IntVector q) {
        return q.and(0x0F).sub(8);
    }

    /** The re-centred high nibbles (weights 16+k .. 16+k+7). */
    private static IntVector high(IntVector q) {
        return q.lanewise(VectorOperators.LSHR, 4).and(0x0F).sub(8);
    }

    /** See {@link #rowDotQ8}. */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        return copy.inUse() ? copy.dotQ8(xq, row) : rowDotQ8(row, xq);
    }

    /** A loop of this class rather than the interface default, so that C2 compiles it with {@link #rowDotQ8} for this type alone. */
    @Override
    public void matvecQ8(float[] x, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        requireLength(xq);
        if (copy.matvecQ8(xq, out, rowStart, rowEnd)) {
            return;
        }
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = rowDotQ8(r, xq);
        }
    }

    @Override
    RowGroupCopy rowGroupCopy() {
        return copy;
    }

    /**
     * Σ d·d_x·Σ(q − 8)·q_x over the blocks, in 16-bit lanes: a block's 16 quant bytes widened to 16
     * short lanes, nibbles split and re-centred there (|q − 8| ≤ 8, so a low/high pair of products
     * is at most 2·8·127 = 2032 and a pair of lanes 4064: {@link ShortLanes#smallPairSums} applies),
     * folded to 8 int lanes, converted once per block and FMA'd with d·d_x.
     * <p>Measured and not kept (1 thread, 14336 × 4096, alternated runs, docs/benchmarks.md): the −8
     * as a scalar bias 8·d·d_x·Σq_x per block (same speed); two blocks per pass (4.4 G weights/s,
     * boxed past C2's NodeCountInliningCutoff; with constant mask vectors it fits and gains ~1 %);
     * constant mask vectors alone (~0.5 %); two rows per pass sharing the activation loads (10.3,
     * slower); the nibbles kept together as u·q_j + hi·(q_{16+j} − 16·q_j) − 8·(q_j + q_{16+j})
     * with those terms precomputed per token (two fewer lane operations, but 5–11, slower).
     */
    private float rowDotQ8(int row, Q8Activations xq) {
        short[] qx = xq.q8_0WideQuants();
        float[] dx = xq.q8_0Scales();
        long offset = rowOffset(row);
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += Q4_0Block.BYTES) {
            float scale = LittleEndian.f16(data, offset) * dx[b];
            ShortVector w = ShortLanes.unsigned16(data, offset + 2);
            ShortVector p = w.and((short) 0x0F).sub((short) 8).mul(ShortLanes.x16(qx, 32 * b))
                    .add(w.lanewise(VectorOperators.LSHR, 4).sub((short) 8).mul(ShortLanes.x16(qx, 32 * b + 16)));
            acc = VectorOps.toFloat8(ShortLanes.smallPairSums(p)).fma(VectorOps.broadcast8(scale), acc);
        }
        return VectorOps.sum8(acc);
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

    /**
     * Row {@code row}'s weights d·(q − 8) into {@code w[wo ..]}, low nibbles first in each block,
     * formed as fma(q, d, −8d): q·d − 8d is exactly d·(q − 8), rounded once, so these are the
     * floats {@link #rowDot} forms, with one integer subtraction fewer per 8 weights.
     */
    private void decodeRow(int row, float[] w, int wo) {
        byte[] q = VectorOps.stageRow(data, rowOffset(row), rowBytes);
        for (int b = 0; b < blocksPerRow; b++) {
            int o = b * Q4_0Block.BYTES;
            float scale = VectorOps.f16(q, o);
            FloatVector d = VectorOps.broadcast8(scale), minus8d = VectorOps.broadcast8(-8f * scale);
            for (int k = 0; k < 16; k += 8) {
                IntVector v = VectorOps.ints8(q, o + 2 + k);
                VectorOps.toFloat8(v.and(0x0F)).fma(d, minus8d).intoArray(w, wo + 32 * b + k);
                VectorOps.toFloat8(v.lanewise(VectorOperators.LSHR, 4).and(0x0F)).fma(d, minus8d).intoArray(w, wo + 32 * b + 16 + k);
            }
        }
    }
}
