package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.KScales;
import dev.tramontane.engine.quant.Q5KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Q5KMatrix} with Vector API kernels: a row decodes to weights q·(d·sc) − dmin·m per
 * 32-weight sub-block (one FMA per 8 weights), q being the nibbles plus the fifth bit from qh.
 *
 * <p>The tiled {@link #matmul} decodes rows into per-thread scratch floats (finished weights) and
 * multiplies them with several tokens at once ({@link DecodedRowDots}); {@link #dot} and
 * {@link #matvec} form the same weight vectors in registers and feed them straight to two FMA
 * chains (27 % faster for Q4_K than decoding into scratch first). Decoding works on 8 quants at a time widened to 8 int lanes
 * (x86 has no byte shifts; C2 emulated the old byte-lane shifts), from the row's bytes staged in
 * a scratch array ({@link VectorOps#stageRow}). Width: 256-bit ({@link VectorOps#F8}).
 *
 * <p>Measured with {@link KernelBenchmark} (1 thread, 14336 × 4096, loaded machine): the previous
 * direct kernels ran matvec at 0.8 G weights/s; see docs/benchmarks.md "Kernel throughput".
 */
final class Q5KVectorMatrix extends Q5KMatrix {

    private final DecodedRowDots.RowDecoder decoder = this::decodeRow;
    /** The rows repacked in groups of eight ({@link Q5KRowGroups}), used once {@link #useRepacked} is called. */
    private final RowGroupCopy copy = new RowGroupCopy(data, rows, cols, Q5KRowGroups.bytes(rows, cols), Q5KRowGroups::repack,
            (g, group, xq, out, outOffset) -> Q5KRowGroups.groupDotQ8(g, blocksPerRow, group, xq, out, outOffset));

    Q5KVectorMatrix(MemorySegment data, int rows, int cols) {
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
            int o = b * Q5KBlock.BYTES;
            float d = VectorOps.f16(q, o);
            float dmin = VectorOps.f16(q, o + 2);
            for (int s = 0; s < 8; s++) {
                FloatVector sv = VectorOps.broadcast8(d * KScales.scale(q, o + 4, s));
                FloatVector mv = VectorOps.broadcast8(-(dmin * KScales.min(q, o + 4, s)));
                int xi = xOffset + b * Q5KBlock.ELEMENTS + 32 * s;
                for (int k = 0; k < 32; k += 16) {
                    a = VectorOps.toFloat8(quants(q, o, s, k)).fma(sv, mv).fma(VectorOps.x8(x, xi + k), a);
                    c = VectorOps.toFloat8(quants(q, o, s, k + 8)).fma(sv, mv).fma(VectorOps.x8(x, xi + k + 8), c);
                }
            }
        }
        return VectorOps.sum8(a, c);
    }

    /** Short-lane integer products, see {@link Q5KQ8Dot}; on the repacked rows once there are some ({@link Q5KRowGroups}). */
    @Override
    public float dotQ8(int row, float[] x, Q8Activations xq) {
        requireLength(xq);
        if (copy.inUse()) {
            return copy.dotQ8(xq, row);
        }
        return Q5KQ8Dot.rowDot(VectorOps.stageRow(data, rowOffset(row), rowBytes), blocksPerRow, xq);
    }

    @Override
    public void matvecQ8(float[] x, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        requireLength(xq);
        if (copy.matvecQ8(xq, out, rowStart, rowEnd)) {
            return;
        }
        for (int r = rowStart; r < rowEnd; r++) {
            out[r] = Q5KQ8Dot.rowDot(VectorOps.stageRow(data, rowOffset(r), rowBytes), blocksPerRow, xq);
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

    /** Row {@code row}'s weights q·(d·sc) − dmin·m into {@code w[wo ..]}. */
    private void decodeRow(int row, float[] w, int wo) {
        byte[] q = VectorOps.stageRow(data, rowOffset(row), rowBytes);
        for (int b = 0; b < blocksPerRow; b++) {
            int o = b * Q5KBlock.BYTES;
            float d = VectorOps.f16(q, o);
            float dmin = VectorOps.f16(q, o + 2);
            for (int s = 0; s < 8; s++) {
                decodeSubBlock(q, o, s, d * KScales.scale(q, o + 4, s), dmin * KScales.min(q, o + 4, s), w, wo + b * Q5KBlock.ELEMENTS + 32 * s);
            }
        }
    }

    private static void decodeSubBlock(byte[] q, int o, int s, float scale, float min, float[] w, int wi) {
        FloatVector sv = VectorOps.broadcast8(scale), mv = VectorOps.broadcast8(-min);
        for (int k = 0; k < 32; k += 8) {
            VectorOps.toFloat8(quants(q, o, s, k)).fma(sv, mv).intoArray(w, wi + k);
        }
    }

    /** Quants {@code k .. k+7} of sub-block {@code s} of the block at {@code q[o]} as int lanes. */
    private static IntVector quants(byte[] q, int o, int s, int k) {
        IntVector v = VectorOps.ints8(q, o + 48 + 32 * (s >>> 1) + k);
        IntVector n = (s & 1) != 0 ? v.lanewise(VectorOperators.LSHR, 4).and(0x0F) : v.and(0x0F);
        IntVector qh = VectorOps.ints8(q, o + 16 + k);
        return n.or(qh.lanewise(VectorOperators.LSHR, s).and(1).lanewise(VectorOperators.LSHL, 4));
    }
}
