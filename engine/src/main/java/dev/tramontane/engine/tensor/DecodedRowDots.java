package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.VectorOps.F8;

import jdk.incubator.vector.FloatVector;

/**
 * The tiled batched product (prefill) over weight rows decoded once to finished float weights,
 * with the tokens in the vector lanes: the batch is first copied transposed, 16 tokens side by side
 * per column ({@code xt[(g·cols + k)·16 + j]} = column k of token 16g + j, zeros past the batch), then
 * {@link #ROWS} decoded rows at a time are multiplied with each group of 16 tokens by broadcasting
 * one weight and fusing it into two 8-token accumulators (one per half of the group).
 *
 * <p>Why this shape (AMD EPYC Zen 3 here: 16 ymm registers, 32 KB L1d and 512 KB L2 per core):
 * <ul>
 *   <li>6 rows × 16 tokens: 12 accumulators, 2 x vectors, 1 broadcast weight = 15 registers; per
 *       column 2 vector loads and 6 broadcast loads for 12 FMAs, and no lane reduction at the end.
 *       Measured on float arrays in L1/L2 (a private harness, load average 5): 6.2 G vector FMAs/s
 *       against 2.3 for the former 1 row × 4 tokens dot-product tile (two chains per pair, 10 loads
 *       per 8 FMAs), 2.3 for a 3 × 4 dot tile (16 registers: C2 spilled) and 3.2 for a 2 × 4 one.</li>
 *   <li>Column blocks of {@link #COLUMN_BLOCK}: the 6 rows' block (6 KB) stays in L1 while every
 *       token group's block (16 KB) streams past it.</li>
 *   <li>A last group of at most 8 tokens is 8 wide ({@link #halfTile}): an expert's share of a
 *       prompt (~32 tokens of 128, rarely a multiple of 16) and small batches of sequences would
 *       otherwise spend up to half their FMAs on zero lanes. It runs after the full groups, over
 *       two column blocks at a time ({@link #halfTilePair}): one block is only six FMA chains.
 *       KernelBenchmark, Q4_0 4096 columns, 1 thread, best of 3 alternated runs, µs per row:
 *       batch 24 4.24 → 3.35, batch 40 5.83 → 5.13, batch 8 1.69 → 1.77 (same within noise).
 *       Rejected: even and odd columns as two chains inside one block (batch 24 4.15 → 3.35, but
 *       the 16-wide tile must then sum in the same order to keep a token's result independent of
 *       its batch, and a tile striding over every other column ran 2x slower: b16 2.25 → 4.24);
 *       the half group alone after the full ones without pairing (b24 3.86, b8 2.18).</li>
 * </ul>
 *
 * <p>Summation order: each (row, token) pair is summed column by column in one FMA chain per
 * column block, and the block sums are added in column order. That differs from the per-token
 * {@code dot} (two 8-lane chains over the whole row, then a lane reduction), so batched and
 * per-token results agree within float re-association, not bit for bit (TiledMatmulTest states and
 * derives the bound).
 */
final class DecodedRowDots {

    /** Rows per register tile and per decoding pass. */
    static final int ROWS = 6;

    /** Tokens per register tile: two 8-lane vectors. */
    static final int TOKENS = 16;

    /** Tokens in the last group when it has at most this many: one 8-lane vector. */
    static final int HALF = 8;

    /** Columns per block: a token group's block is 256 × 16 floats = 16 KB, the 6 rows' 6 KB. */
    static final int COLUMN_BLOCK = 256;

    private DecodedRowDots() {}

    /** Decodes row {@code row} of a matrix into finished float weights {@code w[wo .. wo + cols)}. */
    interface RowDecoder {
        void decode(int row, float[] w, int wo);
    }

    /** {@link WeightMatrix#matmul} over rows that {@code decoder} turns into finished weights. */
    static void tiledMatmul(int cols, RowDecoder decoder, float[] x, int xStride, int batch, float[] out, int outStride,
                            int rowStart, int rowEnd) {
        KernelScratch scratch = KernelScratch.get();
        int groups = (batch + TOKENS - 1) / TOKENS;
        float[] xt = scratch.transposed(groups * cols * TOKENS);
        transpose(x, xStride, batch, cols, xt);
        float[] w = scratch.rows(ROWS * cols);
        float[] acc = scratch.sums(groups * ROWS * TOKENS);
        for (int r0 = rowStart; r0 < rowEnd; r0 += ROWS) {
            int n = Math.min(ROWS, rowEnd - r0);
            for (int i = 0; i < n; i++) {
                decoder.decode(r0 + i, w, i * cols);
            }
            java.util.Arrays.fill(w, n * cols, ROWS * cols, 0f);
            java.util.Arrays.fill(acc, 0, groups * ROWS * TOKENS, 0f);
            int fullGroups = width(groups - 1, batch) == TOKENS ? groups : groups - 1;
            for (int k0 = 0; k0 < cols; k0 += COLUMN_BLOCK) {
                int kn = Math.min(COLUMN_BLOCK, cols - k0);
                for (int g = 0; g < fullGroups; g++) {
                    tile(w, k0, cols, kn, xt, g * TOKENS * cols + k0 * TOKENS, acc, g * ROWS * TOKENS);
                }
            }
            if (fullGroups < groups) {
                int g = fullGroups, xo = g * TOKENS * cols, ao = g * ROWS * TOKENS;
                int k0 = 0;
                for (; k0 + 2 * COLUMN_BLOCK <= cols; k0 += 2 * COLUMN_BLOCK) {
                    halfTilePair(w, k0, cols, xt, xo + k0 * HALF, acc, ao);
                }
                if (k0 < cols) {
                    halfTile(w, k0, cols, cols - k0, xt, xo + k0 * HALF, acc, ao);
                }
            }
            for (int t = 0; t < batch; t++) {
                int a = (t / TOKENS) * ROWS * TOKENS + t % TOKENS;
                for (int i = 0; i < n; i++) {
                    out[t * outStride + r0 + i] = acc[a + i * TOKENS];
                }
            }
        }
    }

    /**
     * Tokens 16g .. 16g + 15 side by side, {@code width(g)} floats per column from
     * {@code xt[16g·cols]}: {@code xt[16g·cols + k·width + j] = x[(16g + j)·xStride + k]}, zero for
     * tokens at or past {@code batch}. A last group of at most 8 tokens is 8 wide.
     */
    private static void transpose(float[] x, int xStride, int batch, int cols, float[] xt) {
        for (int g = 0; g * TOKENS < batch; g++) {
            int t0 = g * TOKENS, base = t0 * cols, width = width(g, batch);
            for (int j = 0; j < width; j++) {
                int t = t0 + j;
                if (t < batch) {
                    int xo = t * xStride;
                    for (int k = 0; k < cols; k++) {
                        xt[base + k * width + j] = x[xo + k];
                    }
                } else {
                    for (int k = 0; k < cols; k++) {
                        xt[base + k * width + j] = 0f;
                    }
                }
            }
        }
    }

    /** Group {@code g}'s width: 16 tokens, or 8 for a last group of at most 8 (half the FMAs where the batch is small). */
    private static int width(int g, int batch) {
        return batch - g * TOKENS <= HALF ? HALF : TOKENS;
    }

    /**
     * Six rows at {@code wo + r·ws} of {@code w} times the 16 tokens of {@code xt[xo ..]} over
     * {@code n} columns: one chain per (row, token) over the block, its sum added to
     * {@code acc[ao + r·16 + j]}.
     */
    private static void tile(float[] w, int wo, int ws, int n, float[] xt, int xo, float[] acc, int ao) {
        int w1 = wo + ws, w2 = wo + 2 * ws, w3 = wo + 3 * ws, w4 = wo + 4 * ws, w5 = wo + 5 * ws;
        FloatVector a0 = FloatVector.zero(F8), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0;
        FloatVector a3 = a0, b3 = a0, a4 = a0, b4 = a0, a5 = a0, b5 = a0;
        for (int i = 0; i < n; i++) {
            FloatVector p = FloatVector.fromArray(F8, xt, xo + TOKENS * i);
            FloatVector q = FloatVector.fromArray(F8, xt, xo + TOKENS * i + 8);
            FloatVector s = FloatVector.broadcast(F8, w[wo + i]);
            a0 = p.fma(s, a0);
            b0 = q.fma(s, b0);
            s = FloatVector.broadcast(F8, w[w1 + i]);
            a1 = p.fma(s, a1);
            b1 = q.fma(s, b1);
            s = FloatVector.broadcast(F8, w[w2 + i]);
            a2 = p.fma(s, a2);
            b2 = q.fma(s, b2);
            s = FloatVector.broadcast(F8, w[w3 + i]);
            a3 = p.fma(s, a3);
            b3 = q.fma(s, b3);
            s = FloatVector.broadcast(F8, w[w4 + i]);
            a4 = p.fma(s, a4);
            b4 = q.fma(s, b4);
            s = FloatVector.broadcast(F8, w[w5 + i]);
            a5 = p.fma(s, a5);
            b5 = q.fma(s, b5);
        }
        addInto(acc, ao, a0);
        addInto(acc, ao + 8, b0);
        addInto(acc, ao + 16, a1);
        addInto(acc, ao + 24, b1);
        addInto(acc, ao + 32, a2);
        addInto(acc, ao + 40, b2);
        addInto(acc, ao + 48, a3);
        addInto(acc, ao + 56, b3);
        addInto(acc, ao + 64, a4);
        addInto(acc, ao + 72, b4);
        addInto(acc, ao + 80, a5);
        addInto(acc, ao + 88, b5);
    }

    /**
     * {@link #tile} for a group of 8 tokens ({@code xt} 8 wide): one x vector per column, six
     * broadcasts and six FMAs; sums added to {@code acc[ao + r·16 + j]}, j < 8.
     */
    private static void halfTile(float[] w, int wo, int ws, int n, float[] xt, int xo, float[] acc, int ao) {
        int w1 = wo + ws, w2 = wo + 2 * ws, w3 = wo + 3 * ws, w4 = wo + 4 * ws, w5 = wo + 5 * ws;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        for (int i = 0; i < n; i++) {
            FloatVector p = FloatVector.fromArray(F8, xt, xo + HALF * i);
            a0 = p.fma(FloatVector.broadcast(F8, w[wo + i]), a0);
            a1 = p.fma(FloatVector.broadcast(F8, w[w1 + i]), a1);
            a2 = p.fma(FloatVector.broadcast(F8, w[w2 + i]), a2);
            a3 = p.fma(FloatVector.broadcast(F8, w[w3 + i]), a3);
            a4 = p.fma(FloatVector.broadcast(F8, w[w4 + i]), a4);
            a5 = p.fma(FloatVector.broadcast(F8, w[w5 + i]), a5);
        }
        addInto(acc, ao, a0);
        addInto(acc, ao + 16, a1);
        addInto(acc, ao + 32, a2);
        addInto(acc, ao + 48, a3);
        addInto(acc, ao + 64, a4);
        addInto(acc, ao + 80, a5);
    }

    /**
     * {@link #halfTile} over two whole column blocks at once, {@code wo} and {@code wo + COLUMN_BLOCK}:
     * each block's sums are their own chains, as in {@link #halfTile} and {@link #tile}, and are
     * added to {@code acc} in column order, so every sum is the same float as with two
     * {@link #halfTile} calls. One block alone is six chains of 4-cycle FMAs, which keep the two
     * FMA pipes at most 3/4 busy; two blocks give twelve.
     */
    private static void halfTilePair(float[] w, int wo, int ws, float[] xt, int xo, float[] acc, int ao) {
        int w1 = wo + ws, w2 = wo + 2 * ws, w3 = wo + 3 * ws, w4 = wo + 4 * ws, w5 = wo + 5 * ws;
        int yo = xo + COLUMN_BLOCK * HALF, v = COLUMN_BLOCK;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0;
        for (int i = 0; i < COLUMN_BLOCK; i++) {
            FloatVector p = FloatVector.fromArray(F8, xt, xo + HALF * i);
            FloatVector q = FloatVector.fromArray(F8, xt, yo + HALF * i);
            a0 = p.fma(FloatVector.broadcast(F8, w[wo + i]), a0);
            c0 = q.fma(FloatVector.broadcast(F8, w[wo + v + i]), c0);
            a1 = p.fma(FloatVector.broadcast(F8, w[w1 + i]), a1);
            c1 = q.fma(FloatVector.broadcast(F8, w[w1 + v + i]), c1);
            a2 = p.fma(FloatVector.broadcast(F8, w[w2 + i]), a2);
            c2 = q.fma(FloatVector.broadcast(F8, w[w2 + v + i]), c2);
            a3 = p.fma(FloatVector.broadcast(F8, w[w3 + i]), a3);
            c3 = q.fma(FloatVector.broadcast(F8, w[w3 + v + i]), c3);
            a4 = p.fma(FloatVector.broadcast(F8, w[w4 + i]), a4);
            c4 = q.fma(FloatVector.broadcast(F8, w[w4 + v + i]), c4);
            a5 = p.fma(FloatVector.broadcast(F8, w[w5 + i]), a5);
            c5 = q.fma(FloatVector.broadcast(F8, w[w5 + v + i]), c5);
        }
        // (acc + a) + c: the order of two halfTile calls. One load and store per pair, not two:
        // twelve separate addInto calls crossed C2's NodeCountInliningCutoff and boxed the last ones.
        addInto(acc, ao, a0, c0);
        addInto(acc, ao + 16, a1, c1);
        addInto(acc, ao + 32, a2, c2);
        addInto(acc, ao + 48, a3, c3);
        addInto(acc, ao + 64, a4, c4);
        addInto(acc, ao + 80, a5, c5);
    }

    private static void addInto(float[] acc, int o, FloatVector v) {
        FloatVector.fromArray(F8, acc, o).add(v).intoArray(acc, o);
    }

    /** {@code acc[o ..] = (acc[o ..] + first) + second}, rounded after each addition. */
    private static void addInto(float[] acc, int o, FloatVector first, FloatVector second) {
        FloatVector.fromArray(F8, acc, o).add(first).add(second).intoArray(acc, o);
    }
}
