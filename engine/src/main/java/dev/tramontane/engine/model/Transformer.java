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

    /** Tokens that go through the layers together in {@link #forward(int[], int, KvCache)}. */
    static final int PREFILL_BATCH = 128;

    private final ModelConfig config;
    private final ModelWeights weights;
    /** Per layer, Q, K and V: the three products of one step. */
    private final WeightMatrix[][] qkv;
    private final ThreadLocal<DecodeScratch> decodeScratch = ThreadLocal.withInitial(DecodeScratch::new);

    public Transformer(ModelConfig config, ModelWeights weights) {
        this.config = config;
        this.weights = weights;
        this.qkv = new WeightMatrix[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);
            qkv[l] = new WeightMatrix[] {layer.wq(), layer.wk(), layer.wv()};
        }
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
        checkToken(token);
        checkPosition(position, cache);
        WorkerPool pool = WorkerPool.shared();
        DecodeScratch s = decodeScratch.get();
        s.ensureContext(position + 1);
        float[] x = s.x;
        weights.tokenEmbedding().dequantizeRow(token, x, 0);

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);

            rmsnorm(x, 0, layer.attentionNorm(), config.rmsEps(), s.xb, 0);
            RowParallel.matvecs(pool, qkv[l], s.xbThrice, s.qkv, 3);
            rope(s.q, 0, config.heads(), position);
            rope(s.k, 0, config.kvHeads(), position);
            cache.store(l, position, s.k, s.v);
            attention(pool, s.q, 0, cache, l, position, s.attended, 0, s.scores);
            RowParallel.matvec(pool, layer.wo(), s.attended, s.delta);
            add(x, s.delta);

            rmsnorm(x, 0, layer.ffnNorm(), config.rmsEps(), s.xb, 0);
            if (layer.isMixtureOfExperts()) {
                mixtureOfExperts(pool, layer, s);
            } else {
                swiglu(pool, layer.denseFfn(), s, 1);
                System.arraycopy(s.expertOut[0], 0, s.delta, 0, config.dim());
            }
            add(x, s.delta);
        }

        rmsnorm(x, 0, weights.outputNorm(), config.rmsEps(), s.xb, 0);
        float[] logits = new float[config.vocabSize()];
        RowParallel.matvec(pool, weights.output(), s.xb, logits);
        return logits;
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
     * the next chunk of one) and returns the logits after the last of them. The tokens go through
     * each layer together ({@link #PREFILL_BATCH} at a time): every weight row is read once for all
     * of them, and tokens are grouped by expert so that each chosen expert's matrices are read once
     * per batch. Each token's arithmetic is the one-token path's, so the logits are the same.
     */
    public float[] forward(int[] tokens, int firstPosition, KvCache cache) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        for (int t : tokens) {
            checkToken(t);
        }
        checkPosition(firstPosition, cache);
        checkPosition(firstPosition + tokens.length - 1, cache);
        if (tokens.length == 1) {
            return forward(tokens[0], firstPosition, cache);
        }
        float[] logits = null;
        for (int from = 0; from < tokens.length; from += PREFILL_BATCH) {
            int n = Math.min(PREFILL_BATCH, tokens.length - from);
            logits = forwardChunk(java.util.Arrays.copyOfRange(tokens, from, from + n), firstPosition + from, cache);
        }
        return logits;
    }

    private float[] forwardChunk(int[] tokens, int firstPosition, KvCache cache) {
        WorkerPool pool = WorkerPool.shared();
        int b = tokens.length;
        int dim = config.dim();
        int qDim = config.qDim();
        int kvDim = config.kvDim();
        PrefillScratch s = new PrefillScratch(b, firstPosition + b, pool.size());
        float[] x = s.x;
        for (int t = 0; t < b; t++) {
            weights.tokenEmbedding().dequantizeRow(tokens[t], x, t * dim);
        }

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);

            for (int t = 0; t < b; t++) {
                rmsnorm(x, t * dim, layer.attentionNorm(), config.rmsEps(), s.xb, t * dim);
            }
            RowParallel.matmuls(pool, qkv[l], new float[][] {s.xb, s.xb, s.xb}, new int[] {dim, dim, dim},
                    new float[][] {s.q, s.k, s.v}, new int[] {qDim, kvDim, kvDim}, 3, b);
            for (int t = 0; t < b; t++) {
                int position = firstPosition + t;
                rope(s.q, t * qDim, config.heads(), position);
                rope(s.k, t * kvDim, config.kvHeads(), position);
                cache.store(l, position, java.util.Arrays.copyOfRange(s.k, t * kvDim, (t + 1) * kvDim),
                        java.util.Arrays.copyOfRange(s.v, t * kvDim, (t + 1) * kvDim));
            }
            java.util.Arrays.fill(s.attended, 0f);
            int heads = config.heads();
            final int layerIndex = l;
            pool.run((part, parts) -> {
                float[] scores = s.scores[part];
                for (int job = part; job < b * heads; job += parts) {
                    int t = job / heads;
                    attendHead(job % heads, s.q, t * qDim, cache, layerIndex, firstPosition + t, s.attended, t * qDim, scores);
                }
            });
            RowParallel.matmuls(pool, new WeightMatrix[] {layer.wo()}, new float[][] {s.attended}, new int[] {qDim},
                    new float[][] {s.delta}, new int[] {dim}, 1, b);
            add(x, s.delta, b * dim);

            for (int t = 0; t < b; t++) {
                rmsnorm(x, t * dim, layer.ffnNorm(), config.rmsEps(), s.xb, t * dim);
            }
            if (layer.isMixtureOfExperts()) {
                mixtureOfExperts(pool, layer, s, b);
            } else {
                FeedForward ffn = layer.denseFfn();
                swiglu(pool, ffn, s.xb, b, s.delta);
            }
            add(x, s.delta, b * dim);
        }

        float[] last = new float[dim];
        rmsnorm(x, (b - 1) * dim, weights.outputNorm(), config.rmsEps(), last, 0);
        float[] logits = new float[config.vocabSize()];
        RowParallel.matvec(pool, weights.output(), last, logits);
        return logits;
    }

    /**
     * Mixtral's sparse FFN over a batch: route every token, then run each expert once over the
     * tokens routed to it, and sum each token's expert outputs in its routing order.
     */
    private void mixtureOfExperts(WorkerPool pool, LayerWeights layer, PrefillScratch s, int b) {
        int dim = config.dim();
        int k = config.expertUsedCount();
        int experts = layer.experts().size();
        float[] routerLogits = new float[b * experts];
        RowParallel.matmuls(pool, new WeightMatrix[] {layer.router()}, new float[][] {s.xb}, new int[] {dim},
                new float[][] {routerLogits}, new int[] {experts}, 1, b);
        ExpertRouting[] routing = new ExpertRouting[b];
        for (int t = 0; t < b; t++) {
            routing[t] = ExpertRouting.topK(java.util.Arrays.copyOfRange(routerLogits, t * experts, (t + 1) * experts), k);
        }
        float[] slotOut = new float[b * k * dim]; // token t's j-th expert output at (t·k + j)·dim
        int[] members = new int[b * k];
        for (int e = 0; e < experts; e++) {
            int n = 0;
            for (int t = 0; t < b; t++) {
                for (int j = 0; j < routing[t].experts().length; j++) {
                    if (routing[t].experts()[j] == e) {
                        members[n++] = t * k + j;
                    }
                }
            }
            if (n == 0) {
                continue;
            }
            float[] in = new float[n * dim];
            for (int m = 0; m < n; m++) {
                System.arraycopy(s.xb, (members[m] / k) * dim, in, m * dim, dim);
            }
            float[] out = new float[n * dim];
            swiglu(pool, layer.experts().get(e), in, n, out);
            for (int m = 0; m < n; m++) {
                System.arraycopy(out, m * dim, slotOut, members[m] * dim, dim);
            }
        }
        java.util.Arrays.fill(s.delta, 0f);
        for (int t = 0; t < b; t++) {
            for (int j = 0; j < routing[t].experts().length; j++) {
                float w = routing[t].weights()[j];
                int y = (t * k + j) * dim;
                for (int i = 0; i < dim; i++) {
                    s.delta[t * dim + i] += w * slotOut[y + i];
                }
            }
        }
    }

    /** {@code out = down · (silu(gate · x) ⊙ (up · x))} for {@code n} tokens side by side. */
    private void swiglu(WorkerPool pool, FeedForward ffn, float[] x, int n, float[] out) {
        int dim = config.dim();
        int ff = ffn.gate().rows();
        float[] gate = new float[n * ff];
        float[] up = new float[n * ff];
        RowParallel.matmuls(pool, new WeightMatrix[] {ffn.gate(), ffn.up()}, new float[][] {x, x}, new int[] {dim, dim},
                new float[][] {gate, up}, new int[] {ff, ff}, 2, n);
        for (int i = 0; i < gate.length; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
        RowParallel.matmuls(pool, new WeightMatrix[] {ffn.down()}, new float[][] {gate}, new int[] {ff},
                new float[][] {out}, new int[] {dim}, 1, n);
    }

    private void checkToken(int token) {
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabSize());
        }
    }

    private static void checkPosition(int position, KvCache cache) {
        if (position < 0 || position >= cache.capacity()) {
            throw new IllegalArgumentException("position " + position + " is outside the KV cache of "
                    + cache.capacity() + " positions; start a new sequence or allocate a longer cache");
        }
    }

    /** {@code out = x / sqrt(mean(x²) + ε) ⊙ w} over one vector of {@code w.length}; the mean is summed in double, as ggml does. */
    static void rmsnorm(float[] x, int xOffset, float[] w, float eps, float[] out, int outOffset) {
        int n = w.length;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            sumOfSquares += (double) v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sumOfSquares / n + eps));
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = x[xOffset + i] * scale * w[i];
        }
    }

    /**
     * Rotary position embedding, llama.cpp's "normal" mode for the {@code llama} architecture: each
     * head's adjacent pairs (x[2i], x[2i+1]) turn by {@code scale · position · base^(−2i/ropeDims) / f_i}
     * for the first {@code ropeDims} dimensions, where scale is the linear RoPE scale and f_i the
     * file's frequency factors (both 1 when absent). Hugging Face rotates halves instead; llama.cpp's
     * converter permutes the Q and K rows so that pairs are adjacent in GGUF files.
     */
    void rope(float[] vec, int offset, int headCount, int position) {
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
                int j = offset + h * headDim + i;
                float x0 = vec[j];
                float x1 = vec[j + 1];
                vec[j] = x0 * cos - x1 * sin;
                vec[j + 1] = x0 * sin + x1 * cos;
            }
        }
    }

    /**
     * Causal self-attention of one query over positions 0 … {@code position}, grouped-query: query
     * head h reads key/value head {@code h / (heads / kvHeads)}. Heads are independent, so they are
     * shared out over the pool; {@code out} must be zero.
     */
    private void attention(WorkerPool pool, float[] q, int qBase, KvCache cache, int layer, int position, float[] out,
                           int outBase, float[][] scores) {
        java.util.Arrays.fill(out, outBase, outBase + config.qDim(), 0f);
        int heads = config.heads();
        pool.run((part, parts) -> {
            for (int h = part; h < heads; h += parts) {
                attendHead(h, q, qBase, cache, layer, position, out, outBase, scores[part]);
            }
        });
    }

    private void attendHead(int h, float[] q, int qBase, KvCache cache, int layer, int position, float[] out, int outBase,
                            float[] scores) {
        int headDim = config.headDim();
        int kvDim = config.kvDim();
        int group = config.heads() / config.kvHeads();
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        int qOffset = qBase + h * headDim;
        int oOffset = outBase + h * headDim;
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
                out[oOffset + i] += a * values[vOffset + i];
            }
        }
    }

    /**
     * Mixtral's sparse FFN for one token: route, run the chosen experts (their gate and up
     * products in one step, their down products in another), sum their outputs by router weight
     * into {@code s.delta}.
     */
    private void mixtureOfExperts(WorkerPool pool, LayerWeights layer, DecodeScratch s) {
        RowParallel.matvec(pool, layer.router(), s.xb, s.routerLogits);
        ExpertRouting routing = ExpertRouting.topK(s.routerLogits, config.expertUsedCount());
        int k = routing.experts().length;
        for (int j = 0; j < k; j++) {
            FeedForward e = layer.experts().get(routing.experts()[j]);
            s.stepMatrices[2 * j] = e.gate();
            s.stepMatrices[2 * j + 1] = e.up();
            s.downMatrices[j] = e.down();
        }
        swigluSteps(pool, s, k);
        java.util.Arrays.fill(s.delta, 0f);
        for (int j = 0; j < k; j++) {
            float w = routing.weights()[j];
            float[] y = s.expertOut[j];
            for (int i = 0; i < s.delta.length; i++) {
                s.delta[i] += w * y[i];
            }
        }
    }

    /** The dense FFN of one token into {@code s.expertOut[0]}. */
    private void swiglu(WorkerPool pool, FeedForward ffn, DecodeScratch s, int k) {
        s.stepMatrices[0] = ffn.gate();
        s.stepMatrices[1] = ffn.up();
        s.downMatrices[0] = ffn.down();
        swigluSteps(pool, s, k);
    }

    /** {@code expertOut[j] = down_j · (silu(gate_j · xb) ⊙ (up_j · xb))} for the k FFNs set in the scratch. */
    private static void swigluSteps(WorkerPool pool, DecodeScratch s, int k) {
        RowParallel.matvecs(pool, s.stepMatrices, s.xbMany, s.gateUp, 2 * k);
        for (int j = 0; j < k; j++) {
            float[] gate = s.gateUp[2 * j];
            float[] up = s.gateUp[2 * j + 1];
            for (int i = 0; i < gate.length; i++) {
                float g = gate[i];
                gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
            }
            s.hidden[j] = gate;
        }
        RowParallel.matvecs(pool, s.downMatrices, s.hidden, s.expertOut, k);
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
        add(x, delta, x.length);
    }

    private static void add(float[] x, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += delta[i];
        }
    }

    /** The vectors one token's pass needs, made once per thread and reused for every token. */
    private final class DecodeScratch {
        final float[] x = new float[config.dim()];
        final float[] xb = new float[config.dim()];
        final float[] q = new float[config.qDim()];
        final float[] k = new float[config.kvDim()];
        final float[] v = new float[config.kvDim()];
        final float[][] qkv = {q, k, v};
        final float[][] xbThrice = {xb, xb, xb};
        final float[] attended = new float[config.qDim()];
        final float[] delta = new float[config.dim()];
        final float[] routerLogits = new float[Math.max(1, config.expertCount())];
        final int slots = Math.max(1, config.expertUsedCount());
        final WeightMatrix[] stepMatrices = new WeightMatrix[2 * slots];
        final WeightMatrix[] downMatrices = new WeightMatrix[slots];
        final float[][] xbMany = new float[2 * slots][];
        final float[][] gateUp = new float[2 * slots][];
        final float[][] hidden = new float[slots][];
        final float[][] expertOut = new float[slots][];
        float[][] scores = new float[WorkerPool.shared().size()][0];

        DecodeScratch() {
            int ff = config.ffnDim();
            for (int j = 0; j < 2 * slots; j++) {
                xbMany[j] = xb;
                gateUp[j] = new float[ff];
            }
            for (int j = 0; j < slots; j++) {
                expertOut[j] = new float[config.dim()];
            }
        }

        /** Grows the attention score rows to {@code positions}, doubling, so that growth is rare. */
        void ensureContext(int positions) {
            if (scores[0].length < positions) {
                int n = Math.max(positions, 2 * scores[0].length);
                for (int p = 0; p < scores.length; p++) {
                    scores[p] = new float[n];
                }
            }
        }
    }

    /** The activations of a batch of {@code b} tokens, row t of each at {@code t · width}. */
    private final class PrefillScratch {
        final float[] x;
        final float[] xb;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] attended;
        final float[] delta;
        final float[][] scores;

        PrefillScratch(int b, int positions, int parts) {
            x = new float[b * config.dim()];
            xb = new float[b * config.dim()];
            q = new float[b * config.qDim()];
            k = new float[b * config.kvDim()];
            v = new float[b * config.kvDim()];
            attended = new float[b * config.qDim()];
            delta = new float[b * config.dim()];
            scores = new float[parts][positions];
        }
    }
}
