package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.ActivationBlocks;
import dev.tramontane.engine.tensor.WeightMatrix;

/**
 * One input of a batch's products as the quantized matrices' integer kernels see it in decode:
 * each token's row rounded to the 8-bit blocks of the matrix ({@link ActivationBlocks}), so that a
 * prompt fed at once and fed token by token multiply the same numbers (the batched kernels then
 * do it in float, the one-token kernels in integers). {@link #set} names the input; {@link #of}
 * rounds it at most once per blocking, token rows shared out over the pool (a 128-token prompt
 * rounds about 6 million values a layer), and hands the same array to every matrix that shares it.
 * Made once per prefill scratch and input width; allocation only when a batch grows.
 */
final class RoundedInputs {

    private final int cols;
    private final boolean eightBit;
    /** One per pool part, made on first use: each thread quantizes its own rows. */
    private Q8Activations[] xq = new Q8Activations[0];
    private float[] source;
    private int stride;
    private int batch;
    private float[] q8_0 = new float[0];
    private float[] q8K = new float[0];
    private boolean q8_0Fresh;
    private boolean q8KFresh;

    /**
     * For inputs of {@code cols} values per token. Without {@code eightBit} (float activations), or
     * without 8-bit blocks of that width (not a multiple of 32), every matrix gets the input as it is.
     */
    RoundedInputs(int cols, boolean eightBit) {
        this.cols = cols;
        this.eightBit = eightBit && cols % 32 == 0;
    }

    /** The next input: {@code batch} rows of {@code cols} values, row t at {@code x[t·stride ..]}. */
    RoundedInputs set(float[] x, int stride, int batch) {
        this.source = x;
        this.stride = stride;
        this.batch = batch;
        this.q8_0Fresh = false;
        this.q8KFresh = false;
        return this;
    }

    /** The input as {@code m}'s one-token kernel meets it (same row layout as the input), rounded on {@code pool} if need be. */
    float[] of(WeightMatrix m, WorkerPool pool) {
        ActivationBlocks blocks = eightBit ? m.activationBlocks() : ActivationBlocks.NONE;
        return switch (blocks) {
            case NONE -> source;
            case Q8_0 -> {
                if (!q8_0Fresh) {
                    q8_0 = rounded(blocks, q8_0, pool);
                    q8_0Fresh = true;
                }
                yield q8_0;
            }
            case Q8_K -> {
                if (!q8KFresh) {
                    q8K = rounded(blocks, q8K, pool);
                    q8KFresh = true;
                }
                yield q8K;
            }
        };
    }

    private float[] rounded(ActivationBlocks blocks, float[] into, WorkerPool pool) {
        float[] out = into.length >= batch * stride ? into : new float[batch * stride];
        if (xq.length < pool.size()) {
            xq = new Q8Activations[pool.size()];
            for (int p = 0; p < xq.length; p++) {
                xq[p] = new Q8Activations(cols);
            }
        }
        float[] x = source;
        int rows = batch;
        pool.run((part, parts) -> {
            Q8Activations q = xq[part];
            for (int t = rows * part / parts; t < rows * (part + 1) / parts; t++) {
                q.quantize(x, t * stride);
                blocks.round(q, out, t * stride);
            }
        });
        return out;
    }

    int cols() {
        return cols;
    }
}
