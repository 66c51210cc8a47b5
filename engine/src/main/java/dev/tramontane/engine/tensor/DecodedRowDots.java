package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F8;

import jdk.incubator.vector.FloatVector;

/**
 * Products over weight rows decoded once to floats. The tiled {@link WeightMatrix#matmul} decodes
 * a few rows and applies them to four tokens at a time. The K-quant families decode to finished
 * weights, which {@link #weights} dots in the order their own {@code dot} uses; the Q4_0/Q8_0
 * kernels below repeat, lane for lane and FMA for FMA, the arithmetic of those
 * families' direct {@code dot}. Either way a batched product equals the per-token one bit for bit.
 * Decoded rows live in the thread's {@link KernelScratch}: no call allocates.
 */
final class DecodedRowDots {

    static final int TILE = 4;

    /** Rows decoded per pass over the tokens (8 decoded rows of 4096 floats and a 4-token tile of x fit a 512 KB L2). */
    static final int ROWS_PER_PASS = 8;

    private DecodedRowDots() {}

    /** Decodes row {@code row} of a matrix into weights {@code w[wo ..]} and, where the family has them, factors {@code f[fo ..]}. */
    interface RowDecoder {
        void decode(int row, float[] w, int wo, float[] f, int fo);
    }

    /** The per-token dot of one kernel family over a decoded row: one token, and four tokens at once. */
    interface DecodedDot {
        float dot(float[] w, int wo, float[] f, int fo, float[] x, int xo);

        void dot4(float[] w, int wo, float[] f, int fo, float[] x, int xo, int xStride, float[] out, int oo, int outStride);
    }

    /** {@link #blocks}/{@link #blocks4} as a {@link DecodedDot}. */
    static DecodedDot blockDot(int blocks, boolean halves) {
        return new DecodedDot() {
            @Override
            public float dot(float[] w, int wo, float[] f, int fo, float[] x, int xo) {
                return blocks(w, wo, f, fo, blocks, halves, x, xo);
            }

            @Override
            public void dot4(float[] w, int wo, float[] f, int fo, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
                blocks4(w, wo, f, fo, blocks, halves, x, xo, xStride, out, oo, outStride);
            }
        };
    }

    /** {@link #weights}/{@link #weights4} as a {@link DecodedDot}: for rows decoded to finished float weights. */
    static DecodedDot weightDot(int cols) {
        return new DecodedDot() {
            @Override
            public float dot(float[] w, int wo, float[] f, int fo, float[] x, int xo) {
                return weights(w, wo, cols, x, xo);
            }

            @Override
            public void dot4(float[] w, int wo, float[] f, int fo, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
                weights4(w, wo, cols, x, xo, xStride, out, oo, outStride);
            }
        };
    }

    /**
     * The tiled {@link WeightMatrix#matmul}: a pass decodes {@link #ROWS_PER_PASS} rows, then runs
     * every {@link #TILE}-token tile over them, so each tile of x is fetched into cache once per pass
     * instead of once per row; leftover tokens go one at a time.
     *
     * @param factorsPerRow length of a decoded row's factors, 0 when the rows are finished weights
     */
    static void tiledMatmul(int cols, int factorsPerRow, RowDecoder decoder, DecodedDot kernel,
                            float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        KernelScratch scratch = KernelScratch.get();
        float[] w = scratch.rows(ROWS_PER_PASS * cols);
        float[] f = scratch.factors(ROWS_PER_PASS * factorsPerRow);
        for (int r0 = rowStart; r0 < rowEnd; r0 += ROWS_PER_PASS) {
            int n = Math.min(ROWS_PER_PASS, rowEnd - r0);
            for (int i = 0; i < n; i++) {
                decoder.decode(r0 + i, w, i * cols, f, i * factorsPerRow);
            }
            int t = 0;
            for (; t + TILE <= batch; t += TILE) {
                for (int i = 0; i < n; i++) {
                    kernel.dot4(w, i * cols, f, i * factorsPerRow, x, t * xStride, xStride, out, t * outStride + r0 + i, outStride);
                }
            }
            for (; t < batch; t++) {
                for (int i = 0; i < n; i++) {
                    out[t * outStride + r0 + i] = kernel.dot(w, i * cols, f, i * factorsPerRow, x, t * xStride);
                }
            }
        }
    }

    /**
     * Blocks of 32 quants {@code q} with one scale {@code d} each (Q8_0, Q4_0): per block
     * Σ q·x in lanes, then {@code acc = Σ.fma(d, acc)}, one lane reduction at the end. With
     * {@code halves} the lanes visit k, 16+k, k+8, 16+k+8 as the nibble kernel does (Q4_0); else in order.
     */
    static float blocks(float[] q, int qo, float[] d, int dOffset, int blocks, boolean halves, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocks; b++) {
            int base = 32 * b;
            int qb = qo + base;
            FloatVector qx = FloatVector.zero(F8);
            if (halves) {
                for (int k = 0; k < 16; k += 8) {
                    qx = FloatVector.fromArray(F8, q, qb + k).fma(VectorOps.x8(x, xo + base + k), qx);
                    qx = FloatVector.fromArray(F8, q, qb + 16 + k).fma(VectorOps.x8(x, xo + base + 16 + k), qx);
                }
            } else {
                for (int k = 0; k < 32; k += 8) {
                    qx = FloatVector.fromArray(F8, q, qb + k).fma(VectorOps.x8(x, xo + base + k), qx);
                }
            }
            acc = qx.fma(VectorOps.broadcast8(d[dOffset + b]), acc);
        }
        return VectorOps.sum8(acc);
    }

    /** {@link #blocks} for four tokens at {@code xo + t·xStride}, written to {@code out[oo + t·outStride]}. */
    static void blocks4(float[] q, int qo, float[] d, int dOffset, int blocks, boolean halves, float[] x, int xo, int xStride,
                        float[] out, int oo, int outStride) {
        int x0 = xo, x1 = xo + xStride, x2 = xo + 2 * xStride, x3 = xo + 3 * xStride;
        FloatVector acc0 = FloatVector.zero(F8), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0; b < blocks; b++) {
            int base = 32 * b;
            FloatVector qx0 = FloatVector.zero(F8), qx1 = qx0, qx2 = qx0, qx3 = qx0;
            // The chunk order of blocks(): in halves order when asked, else ascending.
            for (int c = 0; c < 4; c++) {
                int k = halves ? (c & 1) * 16 + (c >>> 1) * 8 : c * 8;
                int i = base + k;
                FloatVector w = FloatVector.fromArray(F8, q, qo + i);
                qx0 = w.fma(VectorOps.x8(x, x0 + i), qx0);
                qx1 = w.fma(VectorOps.x8(x, x1 + i), qx1);
                qx2 = w.fma(VectorOps.x8(x, x2 + i), qx2);
                qx3 = w.fma(VectorOps.x8(x, x3 + i), qx3);
            }
            FloatVector scale = VectorOps.broadcast8(d[dOffset + b]);
            acc0 = qx0.fma(scale, acc0);
            acc1 = qx1.fma(scale, acc1);
            acc2 = qx2.fma(scale, acc2);
            acc3 = qx3.fma(scale, acc3);
        }
        out[oo] = VectorOps.sum8(acc0);
        out[oo + outStride] = VectorOps.sum8(acc1);
        out[oo + 2 * outStride] = VectorOps.sum8(acc2);
        out[oo + 3 * outStride] = VectorOps.sum8(acc3);
    }

    /**
     * Σ w·x over {@code n} (a multiple of 16) finished weights: two 8-lane accumulators, one for
     * the chunks at 16k and one for those at 16k + 8, added and reduced once. Two FMA chains per
     * token keep both FMA ports busy in {@link #weights4} (8 chains for 4 tokens, within AVX2's 16
     * registers); a single token is then latency-bound at ~4 weights per cycle, still faster than
     * decoding a K-quant row.
     */
    static float weights(float[] w, int wo, int n, float[] x, int xo) {
        FloatVector a = FloatVector.zero(F8), b = a;
        for (int i = 0; i < n; i += 16) {
            a = FloatVector.fromArray(F8, w, wo + i).fma(VectorOps.x8(x, xo + i), a);
            b = FloatVector.fromArray(F8, w, wo + i + 8).fma(VectorOps.x8(x, xo + i + 8), b);
        }
        return VectorOps.sum8(a.add(b));
    }

    /** {@link #weights} for four tokens at {@code xo + t·xStride}, written to {@code out[oo + t·outStride]}. */
    static void weights4(float[] w, int wo, int n, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
        int x1 = xo + xStride, x2 = xo + 2 * xStride, x3 = xo + 3 * xStride;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int i = 0; i < n; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, w, wo + i);
            a0 = v.fma(VectorOps.x8(x, xo + i), a0);
            a1 = v.fma(VectorOps.x8(x, x1 + i), a1);
            a2 = v.fma(VectorOps.x8(x, x2 + i), a2);
            a3 = v.fma(VectorOps.x8(x, x3 + i), a3);
            FloatVector u = FloatVector.fromArray(F8, w, wo + i + 8);
            b0 = u.fma(VectorOps.x8(x, xo + i + 8), b0);
            b1 = u.fma(VectorOps.x8(x, x1 + i + 8), b1);
            b2 = u.fma(VectorOps.x8(x, x2 + i + 8), b2);
            b3 = u.fma(VectorOps.x8(x, x3 + i + 8), b3);
        }
        out[oo] = VectorOps.sum8(a0.add(b0));
        out[oo + outStride] = VectorOps.sum8(a1.add(b1));
        out[oo + 2 * outStride] = VectorOps.sum8(a2.add(b2));
        out[oo + 3 * outStride] = VectorOps.sum8(a3.add(b3));
    }
}
