package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q6KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q6KMatrix} with Vector API kernels: a row decodes to weights d·scale·(q − 32), the 6-bit
 * q rebuilt in int lanes from a nibble of ql and two bits of qh.
 *
 * <p>The tiled {@link #matmul} decodes rows into per-thread scratch floats (finished weights) and
 * multiplies them with several tokens at once ({@link DecodedRowDots}); {@link #dot} and
 * {@link #matvec} form the same weight vectors in registers and feed them straight to two FMA
 * chains (27 % faster for Q4_K than decoding into scratch first). Decoding works on 8 quants at a time widened to 8 int lanes
 * (x86 has no byte shifts; C2 emulated the old byte-lane shifts), from the row's bytes staged in
 * a scratch array ({@link VectorOps#stageRow}). Width: 256-bit ({@link VectorOps#F8}).
 *
 * <p>Measured with {@link KernelBenchmark} (1 thread, 14336 × 4096, loaded machine): the previous
 * direct kernels ran matvec at 0.2 G weights/s; see docs/benchmarks.md "Kernel throughput".
 */
final class Q6KVectorMatrix extends Q6KMatrix {

    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;
    /** The rows repacked in groups of eight ({@link Q6KRowGroups}), used once {@link #useRepacked} is called. */
    private final RowGroupCopy copy = new RowGroupCopy(data, rows, cols, Q6KRowGroups.bytes(rows, cols), Q6KRowGroups::repack,
            (g, group, xq, out, outOffset) -> Q6KRowGroups.groupDotQ8(g, blocksPerRow, group, xq, out, outOffset));

    Q6KVectorMatrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public float dot(int row, float[] x, int xOffset) {
        return rowDot(row, x, xOffset);
    }

    @Override
    public void matvec(float[] x, float[] out, int rowStart, int rowEnd) {
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = rowDot(r, x, 0);
        }
    }

    /**
     * Σ w·x over the row's weights as {@link #decodeRow} forms them, without storing them: two FMA
     * chains (chunks at 16k and at 16k + 8) hide the FMA latency.
     */
    private float rowDot(int row, float[] x, int xOffset) {
        byte[] q = VectorOps.stageRow(data, rowOffset(row), rowBytes);
        FloatVector a = FloatVector.zero(VectorOps.F8), c = a;
        for (int b = 0; b < blocksPerRow; b++) {
            int o = b * Q6KBlock.BYTES;
            float d = VectorOps.f16(q, o + 208);
            for (int g = 0; g < 8; g++) { // 32-weight group g = 4h + j: weights 32g .. 32g+31
                int h = g >>> 2, j = g & 3;
                int xi = xOffset + b * Q6KBlock.ELEMENTS + 32 * g;
                for (int l = 0; l < 32; l += 16) {
                    a = weights(q, o, h, j, l, d).fma(VectorOps.x8(x, xi + l), a);
                    c = weights(q, o, h, j, l + 8, d).fma(VectorOps.x8(x, xi + l + 8), c);
                }
            }
        }
        return VectorOps.sum8(a, c);
    }

    /** Weights 128h + 32j + l .. +7 of the block at {@code q[o]}: d·scale·(q − 32), as {@link #decodeTwoGroups} forms them. */
    private static FloatVector weights(byte[] q, int o, int h, int j, int l, float d) {
        IntVector ql = VectorOps.ints8(q, o + 64 * h + 32 * (j & 1) + l);
        IntVector qh = VectorOps.ints8(q, o + 128 + 32 * h + l);
        return VectorOps.toFloat8(quant(ql, j >= 2, qh, j)).mul(d * q[o + 192 + 8 * h + 2 * j + l / 16]);
    }

    /** Short-lane integer products, see {@link Q6KQ8Dot}; on the repacked rows once there are some ({@link Q6KRowGroups}). */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        if (copy.inUse()) {
            return copy.dotQ8(xq, row);
        }
        return Q6KQ8Dot.rowDot(VectorOps.stageRow(data, rowOffset(row), rowBytes), blocksPerRow, xq);
    }

    @Override
    public void matvecQ8(float[] x, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        requireLength(xq);
        if (copy.matvecQ8(xq, out, rowStart, rowEnd)) {
            return;
        }
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = Q6KQ8Dot.rowDot(VectorOps.stageRow(data, rowOffset(r), rowBytes), blocksPerRow, xq);
        }
    }

    @Override
    RowGroupCopy rowGroupCopy() {
        return copy;
    }

    /** Tiled: rows decoded once to weights, then six rows by 16 tokens at a time (see {@link DecodedRowDots}). */
    @Override
    public void matmul(float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        if (batch < 2) {
            super.matmul(x, xStride, batch, out, outStride, rowStart, rowEnd);
            return;
        }
        DecodedRowDots.tiledMatmul(cols, decoder, x, xStride, batch, out, outStride, rowStart, rowEnd);
    }

    /** Row {@code row}'s weights d·scale·(q − 32) into {@code w[wo ..]}. */
    private void decodeRow(int row, float[] w, int wo) {
        byte[] q = VectorOps.stageRow(data, rowOffset(row), rowBytes);
        for (int b = 0; b < blocksPerRow; b++) {
            int o = b * Q6KBlock.BYTES;
            float d = VectorOps.f16(q, o + 208);
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += 8) {
                    for (int j = 0; j < 2; j++) {
                        decodeTwoGroups(q, o, h, l, j, d, w, wo + b * Q6KBlock.ELEMENTS + 128 * h + l);
                    }
                }
            }
        }
    }

    /**
     * Weights 128h + l + 32j .. +7 and 128h + l + 32(j+2) .. +7: the low and high nibbles of the
     * same ql bytes, with bits of the same qh bytes; l/16 picks the scales. Kept this small (one
     * call site in the loop) because C2 stops inlining Vector API calls once a compilation crosses
     * its node limit (NodeCountInliningCutoff), and a boxed vector costs 10x.
     */
    private static void decodeTwoGroups(byte[] q, int o, int h, int l, int j, float d, float[] w, int wi) {
        int sc = o + 192 + 8 * h + l / 16 + 2 * j;
        IntVector ql = VectorOps.ints8(q, o + 64 * h + 32 * j + l);
        IntVector qh = VectorOps.ints8(q, o + 128 + 32 * h + l);
        VectorOps.toFloat8(quant(ql, false, qh, j)).mul(d * q[sc]).intoArray(w, wi + 32 * j);
        VectorOps.toFloat8(quant(ql, true, qh, j + 2)).mul(d * q[sc + 4]).intoArray(w, wi + 32 * j + 64);
    }

    /** The re-centred quants (−32..31) of group {@code j}: a nibble of ql (high if asked) and bits 2j, 2j+1 of qh. */
    private static IntVector quant(IntVector ql, boolean highNibble, IntVector qh, int j) {
        IntVector nibble = highNibble ? ql.lanewise(VectorOperators.LSHR, 4).and(0x0F) : ql.and(0x0F);
        // bits 2j, 2j+1 of qh moved to bits 4, 5
        IntVector top = qh.lanewise(VectorOperators.LSHL, 4).lanewise(VectorOperators.LSHR, 2 * j).and(0x30);
        return nibble.or(top).sub(32);
    }
}
