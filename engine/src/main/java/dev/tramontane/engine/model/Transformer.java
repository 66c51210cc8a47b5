package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.WeightMatrix;
import java.util.List;

/**
 * The forward pass of a {@code llama}-architecture model, dense or mixture-of-experts, one token at
 * a time. It reads top to bottom like the model card:
 *
 * <pre>
 * x = embed(token)
 * for each layer:
 *     x += wo · attention(rope(wq · rmsnorm(x)), rope(wk · rmsnorm(x)), wv · rmsnorm(x))
 *     x += moe(rmsnorm(x))        // or the dense SwiGLU FFN
 * logits = output · rmsnorm(x)
 * </pre>
 *
 * Weights are shared and read-only, so one Transformer serves any number of sequences, each with its
 * own {@link KvCache}; a call allocates only per-token scratch vectors. Speed lives below, in the
 * {@link WeightMatrix} kernels.
 */
public final class Transformer {

    private final ModelConfig config;
    private final ModelWeights weights;

    public Transformer(ModelConfig config, ModelWeights weights) {
        this.config = config;
        this.weights = weights;
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    /** A KV cache for one sequence of up to {@code contextLength} positions. */
    public KvCache newKvCache(int contextLength) {
        return new KvCache(config, contextLength);
    }

    /**
     * Feeds {@code token} at {@code position} (positions 0 … position−1 must already be in
     * {@code cache}) and returns the logits of the next token, one per vocabulary entry.
     */
    public float[] forward(int token, int position, KvCache cache) {
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabSize());
        }
        if (position < 0 || position >= cache.capacity()) {
            throw new IllegalArgumentException("position " + position + " is outside the KV cache of "
                    + cache.capacity() + " positions; start a new sequence or allocate a longer cache");
        }
        float[] x = new float[config.dim()];
        weights.tokenEmbedding().dequantizeRow(token, x, 0);

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);

            float[] xb = rmsnorm(x, layer.attentionNorm(), config.rmsEps());
            float[] q = RowParallel.matvec(layer.wq(), xb);
            float[] k = RowParallel.matvec(layer.wk(), xb);
            float[] v = RowParallel.matvec(layer.wv(), xb);
            rope(q, config.heads(), position);
            rope(k, config.kvHeads(), position);
            cache.store(l, position, k, v);
            float[] attended = attention(q, cache, l, position);
            add(x, RowParallel.matvec(layer.wo(), attended));

            float[] xf = rmsnorm(x, layer.ffnNorm(), config.rmsEps());
            add(x, layer.isMixtureOfExperts() ? mixtureOfExperts(layer, xf) : swiglu(layer.denseFfn(), xf));
        }

        float[] xo = rmsnorm(x, weights.outputNorm(), config.rmsEps());
        return RowParallel.matvec(weights.output(), xo);
    }

    /**
     * One decoding step for several independent sequences: entry i feeds {@code tokens[i]} at
     * {@code positions[i]} into {@code caches[i]} and gets that sequence's next-token logits. This is
     * the scheduler's one call per step, the seam for a batched implementation (one pass over the
     * weights for all sequences); for now it is a plain loop over {@link #forward}, so each sequence
     * gets exactly the logits it would get alone. The caches must be distinct.
     */
    public float[][] forwardBatch(int[] tokens, int[] positions, KvCache[] caches) {
        if (tokens.length != positions.length || tokens.length != caches.length) {
            throw new IllegalArgumentException("forwardBatch needs one position and one KV cache per token, got "
                    + tokens.length + " tokens, " + positions.length + " positions and " + caches.length + " caches");
        }
        float[][] logits = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            logits[i] = forward(tokens[i], positions[i], caches[i]);
        }
        return logits;
    }

    /**
     * Feeds {@code tokens} at positions {@code firstPosition, firstPosition + 1, …} (a prompt, or
     * the next chunk of one) and returns the logits after the last of them.
     */
    public float[] forward(int[] tokens, int firstPosition, KvCache cache) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        float[] logits = null;
        for (int i = 0; i < tokens.length; i++) {
            logits = forward(tokens[i], firstPosition + i, cache);
        }
        return logits;
    }

    /** {@code x / sqrt(mean(x²) + ε) ⊙ w}; the mean is summed in double, as ggml does. */
    static float[] rmsnorm(float[] x, float[] w, float eps) {
        double sumOfSquares = 0;
        for (float v : x) {
            sumOfSquares += (double) v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sumOfSquares / x.length + eps));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * w[i];
        }
        return out;
    }

    /**
     * Rotary position embedding, llama.cpp's "normal" mode for the {@code llama} architecture: each
     * head's adjacent pairs (x[2i], x[2i+1]) turn by {@code scale · position · base^(−2i/ropeDims) / f_i}
     * for the first {@code ropeDims} dimensions, where scale is the linear RoPE scale and f_i the
     * file's frequency factors (both 1 when absent). Hugging Face rotates halves instead; llama.cpp's
     * converter permutes the Q and K rows so that pairs are adjacent in GGUF files.
     */
    void rope(float[] vec, int headCount, int position) {
        int headDim = config.headDim();
        int ropeDims = config.ropeDims();
        float[] factors = weights.ropeFrequencyFactors();
        for (int i = 0; i < ropeDims; i += 2) {
            double theta = config.ropeFreqScale() * position * Math.pow(config.ropeBase(), -(double) i / ropeDims);
            if (factors != null) {
                theta /= factors[i / 2];
            }
            float cos = (float) Math.cos(theta);
            float sin = (float) Math.sin(theta);
            for (int h = 0; h < headCount; h++) {
                int j = h * headDim + i;
                float x0 = vec[j];
                float x1 = vec[j + 1];
                vec[j] = x0 * cos - x1 * sin;
                vec[j + 1] = x0 * sin + x1 * cos;
            }
        }
    }

    /**
     * Causal self-attention of one query over positions 0 … {@code position}, grouped-query: query
     * head h reads key/value head {@code h / (heads / kvHeads)}.
     */
    private float[] attention(float[] q, KvCache cache, int layer, int position) {
        int headDim = config.headDim();
        int kvDim = config.kvDim();
        int group = config.heads() / config.kvHeads();
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        float[] out = new float[config.qDim()];
        float[] scores = new float[position + 1];
        for (int h = 0; h < config.heads(); h++) {
            int qOffset = h * headDim;
            int kvOffset = (h / group) * headDim;
            for (int t = 0; t <= position; t++) {
                float dot = 0;
                int kOffset = t * kvDim + kvOffset;
                for (int i = 0; i < headDim; i++) {
                    dot += q[qOffset + i] * keys[kOffset + i];
                }
                scores[t] = dot * scale;
            }
            softmax(scores, position + 1);
            for (int t = 0; t <= position; t++) {
                float a = scores[t];
                int vOffset = t * kvDim + kvOffset;
                for (int i = 0; i < headDim; i++) {
                    out[qOffset + i] += a * values[vOffset + i];
                }
            }
        }
        return out;
    }

    /** Mixtral's sparse FFN: route, run the chosen experts, sum their outputs by router weight. */
    private float[] mixtureOfExperts(LayerWeights layer, float[] x) {
        float[] routerLogits = RowParallel.matvec(layer.router(), x);
        ExpertRouting routing = ExpertRouting.topK(routerLogits, config.expertUsedCount());
        List<FeedForward> experts = layer.experts();
        float[] out = new float[config.dim()];
        for (int j = 0; j < routing.experts().length; j++) {
            float[] y = swiglu(experts.get(routing.experts()[j]), x);
            float w = routing.weights()[j];
            for (int i = 0; i < out.length; i++) {
                out[i] += w * y[i];
            }
        }
        return out;
    }

    /** {@code down · (silu(gate · x) ⊙ (up · x))}. */
    private static float[] swiglu(FeedForward ffn, float[] x) {
        float[] gate = RowParallel.matvec(ffn.gate(), x);
        float[] up = RowParallel.matvec(ffn.up(), x);
        for (int i = 0; i < gate.length; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
        return RowParallel.matvec(ffn.down(), gate);
    }

    private static void softmax(float[] x, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= sum;
        }
    }

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
