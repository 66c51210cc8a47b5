package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F8;

import jdk.incubator.vector.FloatVector;

/**
 * The tiled batched product (prefill) over weight rows decoded once to finished float weights:
 * a pass decodes {@link #ROWS_PER_PASS} rows into the thread's {@link KernelScratch} (no call
 * allocates), then multiplies them with the tokens, each weight vector loaded once for several
 * tokens and each x vector once for several rows.
 *
 * <p>Every (row, token) pair is summed the same way, whatever kernel serves it: two 8-lane FMA
 * chains, one over the chunks at 16k and one over those at 16k + 8, added and reduced by
 * {@link VectorOps#sum8}. The per-token {@code dot} of every family that uses this class forms the
 * same weight vectors and feeds the same two chains, so batched prefill equals token-by-token
 * feeding bit for bit (TiledMatmulTest). Two chains per token hide the FMA latency in the
 * per-token dot; they cost registers here (8 accumulators for 4 tokens), which caps the tile.
 */
final class DecodedRowDots {

    static final int TILE = 4;

    /** Rows decoded per pass over the tokens (8 decoded rows of 4096 floats and a 4-token tile of x fit a 512 KB L2). */
    static final int ROWS_PER_PASS = 8;

    private DecodedRowDots() {}

    /** Decodes row {@code row} of a matrix into finished float weights {@code w[wo .. wo + cols)}. */
    interface RowDecoder {
        void decode(int row, float[] w, int wo);
    }

    /** {@link WeightMatrix#matmul} over rows that {@code decoder} turns into finished weights; {@code cols} a multiple of 16. */
    static void tiledMatmul(int cols, RowDecoder decoder, float[] x, int xStride, int batch, float[] out, int outStride,
                            int rowStart, int rowEnd) {
        float[] w = KernelScratch.get().rows(ROWS_PER_PASS * cols);
        for (int r0 = rowStart; r0 < rowEnd; r0 += ROWS_PER_PASS) {
            int n = Math.min(ROWS_PER_PASS, rowEnd - r0);
            for (int i = 0; i < n; i++) {
                decoder.decode(r0 + i, w, i * cols);
            }
            int t = 0;
            for (; t + TILE <= batch; t += TILE) {
                for (int i = 0; i < n; i++) {
                    dot4(w, i * cols, cols, x, t * xStride, xStride, out, t * outStride + r0 + i, outStride);
                }
            }
            for (; t < batch; t++) {
                for (int i = 0; i < n; i++) {
                    out[t * outStride + r0 + i] = dot(w, i * cols, cols, x, t * xStride);
                }
            }
        }
    }

    /** Σ w·x over {@code n} weights: chains over the chunks at 16k and at 16k + 8, then {@link VectorOps#sum8} of their sum. */
    static float dot(float[] w, int wo, int n, float[] x, int xo) {
        FloatVector a = FloatVector.zero(F8), c = a;
        for (int i = 0; i < n; i += 16) {
            a = FloatVector.fromArray(F8, w, wo + i).fma(VectorOps.x8(x, xo + i), a);
            c = FloatVector.fromArray(F8, w, wo + i + 8).fma(VectorOps.x8(x, xo + i + 8), c);
        }
        return VectorOps.sum8(a.add(c));
    }

    /** {@link #dot} of one row with four tokens at {@code xo + t·xStride}, into {@code out[oo + t·outStride]}. */
    static void dot4(float[] w, int wo, int n, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
        int x1 = xo + xStride, x2 = xo + 2 * xStride, x3 = xo + 3 * xStride;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
        for (int i = 0; i < n; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, w, wo + i);
            a0 = v.fma(VectorOps.x8(x, xo + i), a0);
            a1 = v.fma(VectorOps.x8(x, x1 + i), a1);
            a2 = v.fma(VectorOps.x8(x, x2 + i), a2);
            a3 = v.fma(VectorOps.x8(x, x3 + i), a3);
            FloatVector u = FloatVector.fromArray(F8, w, wo + i + 8);
            c0 = u.fma(VectorOps.x8(x, xo + i + 8), c0);
            c1 = u.fma(VectorOps.x8(x, x1 + i + 8), c1);
            c2 = u.fma(VectorOps.x8(x, x2 + i + 8), c2);
            c3 = u.fma(VectorOps.x8(x, x3 + i + 8), c3);
        }
        out[oo] = VectorOps.sum8(a0.add(c0));
        out[oo + outStride] = VectorOps.sum8(a1.add(c1));
        out[oo + 2 * outStride] = VectorOps.sum8(a2.add(c2));
        out[oo + 3 * outStride] = VectorOps.sum8(a3.add(c3));
    }
}
