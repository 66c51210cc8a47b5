package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F;
import static dev.tramontane.engine.tensor.VectorOps.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Dot products of tokens with one weight row that was decoded once to floats, for the tiled
 * {@link WeightMatrix#matmul} kernels. Each method repeats, lane for lane and FMA for FMA, the
 * arithmetic of the per-token {@code dot} of the kernel family it serves, only reading the weights
 * (and scales) from the decoded row instead of unpacking the block again: the decoded values are
 * the very floats {@code dot} computes in its lanes, so a batched product equals a per-token one
 * bit for bit. The four-token variants load each weight vector once for four tokens.
 */
final class DecodedRowDots {

    static final int TILE = 4;

    /** Rows decoded per pass over the tokens (8 decoded rows of 4096 floats and a 4-token tile of x fit a 512 KB L2). */
    static final int ROWS_PER_PASS = 8;

    private DecodedRowDots() {}

    /** Decodes row {@code row} of a matrix into weights {@code w} and, where the family has them, factors {@code f}. */
    interface RowDecoder {
        void decode(int row, float[] w, float[] f);
    }

    /** The per-token dot of one kernel family over a decoded row: one token, and four tokens at once. */
    interface DecodedDot {
        float dot(float[] w, float[] f, float[] x, int xo);

        void dot4(float[] w, float[] f, float[] x, int xo, int xStride, float[] out, int oo, int outStride);
    }

    /** {@link #blocks}/{@link #blocks4} as a {@link DecodedDot}. */
    static DecodedDot blockDot(int blocks, boolean halves) {
        return new DecodedDot() {
            @Override
            public float dot(float[] w, float[] f, float[] x, int xo) {
                return blocks(w, f, blocks, halves, x, xo);
            }

            @Override
            public void dot4(float[] w, float[] f, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
                blocks4(w, f, blocks, halves, x, xo, xStride, out, oo, outStride);
            }
        };
    }

    /** {@link #subBlocks}/{@link #subBlocks4} as a {@link DecodedDot}. */
    static DecodedDot subBlockDot(int len, int count) {
        return new DecodedDot() {
            @Override
            public float dot(float[] w, float[] f, float[] x, int xo) {
                return subBlocks(w, f, len, count, x, xo);
            }

            @Override
            public void dot4(float[] w, float[] f, float[] x, int xo, int xStride, float[] out, int oo, int outStride) {
                subBlocks4(w, f, len, count, x, xo, xStride, out, oo, outStride);
            }
        };
    }

    /**
     * The tiled {@link WeightMatrix#matmul}: a pass decodes {@link #ROWS_PER_PASS} rows, then runs
     * every {@link #TILE}-token tile over them, so each tile of x is fetched into cache once per pass
     * instead of once per row; leftover tokens go one at a time.
     *
     * @param factorsPerRow length of a decoded row's factor array; 0 when the family folds its factors
     *                      into w, and the decoder and the dot then get {@code null}
     */
    static void tiledMatmul(int cols, int factorsPerRow, RowDecoder decoder, DecodedDot kernel,
                            float[] x, int xStride, int batch, float[] out, int outStride, int rowStart, int rowEnd) {
        float[][] w = new float[ROWS_PER_PASS][cols];
        float[][] f = factorsPerRow > 0 ? new float[ROWS_PER_PASS][factorsPerRow] : new float[ROWS_PER_PASS][];
        for (int r0 = rowStart; r0 < rowEnd; r0 += ROWS_PER_PASS) {
            int n = Math.min(ROWS_PER_PASS, rowEnd - r0);
            for (int i = 0; i < n; i++) {
                decoder.decode(r0 + i, w[i], f[i]);
            }
            int t = 0;
            for (; t + TILE <= batch; t += TILE) {
                for (int i = 0; i < n; i++) {
                    kernel.dot4(w[i], f[i], x, t * xStride, xStride, out, t * outStride + r0 + i, outStride);
                }
            }
            for (; t < batch; t++) {
                for (int i = 0; i < n; i++) {
                    out[t * outStride + r0 + i] = kernel.dot(w[i], f[i], x, t * xStride);
                }
            }
        }
    }

    /**
     * Blocks of 32 quants {@code q} with one scale {@code d} each (Q8_0, Q4_0): per block
     * Σ q·x in lanes, then {@code acc = Σ.fma(d, acc)}, one lane reduction at the end. With
     * {@code halves} the lanes visit k, 16+k, k+L, 16+k+L… as the nibble kernel does (Q4_0); else in order.
     */
    static float blocks(float[] q, float[] d, int blocks, boolean halves, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            int base = 32 * b;
            FloatVector qx = FloatVector.zero(F);
            if (halves) {
                for (int k = 0; k < 16; k += L) {
                    qx = FloatVector.fromArray(F, q, base + k).fma(VectorOps.x(x, xo + base + k), qx);
                    qx = FloatVector.fromArray(F, q, base + 16 + k).fma(VectorOps.x(x, xo + base + 16 + k), qx);
                }
            } else {
                for (int k = 0; k < 32; k += L) {
                    qx = FloatVector.fromArray(F, q, base + k).fma(VectorOps.x(x, xo + base + k), qx);
                }
            }
            acc = qx.fma(VectorOps.broadcast(d[b]), acc);
        }
        return VectorOps.sum(acc);
    }

    /** {@link #blocks} for four tokens at {@code xo + t·xStride}, written to {@code out[oo + t·outStride]}. */
    static void blocks4(float[] q, float[] d, int blocks, boolean halves, float[] x, int xo, int xStride,
                        float[] out, int oo, int outStride) {
        int x0 = xo, x1 = xo + xStride, x2 = xo + 2 * xStride, x3 = xo + 3 * xStride;
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0; b < blocks; b++) {
            int base = 32 * b;
            FloatVector qx0 = FloatVector.zero(F), qx1 = qx0, qx2 = qx0, qx3 = qx0;
            // The chunk order of blocks(): in halves order when asked, else ascending.
            for (int c = 0; c < 32 / L; c++) {
                int k = halves ? (c & 1) * 16 + (c >>> 1) * L : c * L;
                int i = base + k;
                FloatVector w = FloatVector.fromArray(F, q, i);
                qx0 = w.fma(VectorOps.x(x, x0 + i), qx0);
                qx1 = w.fma(VectorOps.x(x, x1 + i), qx1);
                qx2 = w.fma(VectorOps.x(x, x2 + i), qx2);
                qx3 = w.fma(VectorOps.x(x, x3 + i), qx3);
            }
            FloatVector scale = VectorOps.broadcast(d[b]);
            acc0 = qx0.fma(scale, acc0);
            acc1 = qx1.fma(scale, acc1);
            acc2 = qx2.fma(scale, acc2);
            acc3 = qx3.fma(scale, acc3);
        }
        out[oo] = VectorOps.sum(acc0);
        out[oo + outStride] = VectorOps.sum(acc1);
        out[oo + 2 * outStride] = VectorOps.sum(acc2);
        out[oo + 3 * outStride] = VectorOps.sum(acc3);
    }

    /**
     * Sub-blocks of {@code len} finished weights {@code w} (K-quants): per sub-block Σ w·x in lanes,
     * reduced, then {@code sum += r} (no factors, Q4_K/Q5_K) or {@code sum += f[s]·r} (Q6_K).
     */
    static float subBlocks(float[] w, float[] f, int len, int count, float[] x, int xo) {
        float sum = 0f;
        for (int s = 0; s < count; s++) {
            int base = len * s;
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < len; k += L) {
                acc = FloatVector.fromArray(F, w, base + k).fma(VectorOps.x(x, xo + base + k), acc);
            }
            float r = VectorOps.sum(acc);
            sum += f == null ? r : f[s] * r;
        }
        return sum;
    }

    /** {@link #subBlocks} for four tokens at {@code xo + t·xStride}, written to {@code out[oo + t·outStride]}. */
    static void subBlocks4(float[] w, float[] f, int len, int count, float[] x, int xo, int xStride,
                           float[] out, int oo, int outStride) {
        int x0 = xo, x1 = xo + xStride, x2 = xo + 2 * xStride, x3 = xo + 3 * xStride;
        float sum0 = 0f, sum1 = 0f, sum2 = 0f, sum3 = 0f;
        for (int s = 0; s < count; s++) {
            int base = len * s;
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int k = 0; k < len; k += L) {
                int i = base + k;
                FloatVector v = FloatVector.fromArray(F, w, i);
                acc0 = v.fma(VectorOps.x(x, x0 + i), acc0);
                acc1 = v.fma(VectorOps.x(x, x1 + i), acc1);
                acc2 = v.fma(VectorOps.x(x, x2 + i), acc2);
                acc3 = v.fma(VectorOps.x(x, x3 + i), acc3);
            }
            float r0 = VectorOps.sum(acc0);
            float r1 = VectorOps.sum(acc1);
            float r2 = VectorOps.sum(acc2);
            float r3 = VectorOps.sum(acc3);
            if (f == null) {
                sum0 += r0;
                sum1 += r1;
                sum2 += r2;
                sum3 += r3;
            } else {
                sum0 += f[s] * r0;
                sum1 += f[s] * r1;
                sum2 += f[s] * r2;
                sum3 += f[s] * r3;
            }
        }
        out[oo] = sum0;
        out[oo + outStride] = sum1;
        out[oo + 2 * outStride] = sum2;
        out[oo + 3 * outStride] = sum3;
    }
}
