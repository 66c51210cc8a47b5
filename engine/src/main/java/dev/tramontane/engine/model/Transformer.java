package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.Q8Activations;
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
 * own {@link KvCache}. Scratch vectors are made once per calling thread and reused, so a decoding
 * step allocates nothing once warm (see {@link #forward(int, int, KvCache, float[])}). Speed lives
 * below, in the {@link WeightMatrix} kernels and the KV caches' attention loops.
 *
 * <p>With {@link ActivationPrecision#Q8} (the default) every input of a product is also quantized
 * once to 8-bit blocks: one-token steps hand both forms to the kernels, which multiply quantized
 * weights in integers; batched steps hand the matrices the same rounded values
 * ({@link RoundedInputs}) for their float tiles. Both paths then multiply the same numbers and
 * differ only by float summation order.
 */
public final class Transformer {

    /** Tokens that go through the layers together in {@link #forward(int[], int, KvCache)}. */
    static final int PREFILL_BATCH = 128;

    /** Tokens in one tile of the batched kernels (see {@link #expertTokenByToken}). */
    private static final int FULL_TILE = 4;

    private final ModelConfig config;
    private final ModelWeights weights;
    private final ActivationPrecision activations;
    /** Per layer, Q, K and V: the three products of one step. */
    private final WeightMatrix[][] qkv;
    private final ThreadLocal<DecodeScratch> decodeScratch = ThreadLocal.withInitial(DecodeScratch::new);
    private final ThreadLocal<PrefillScratch> prefillScratch = ThreadLocal.withInitial(PrefillScratch::new);

    /** A forward pass with the activation precision of {@link ActivationPrecision#fromSystemProperty()}. */
    public Transformer(ModelConfig config, ModelWeights weights) {
        this(config, weights, ActivationPrecision.fromSystemProperty());
    }

    public Transformer(ModelConfig config, ModelWeights weights, ActivationPrecision activations) {
        this.config = config;
        this.weights = weights;
        this.activations = activations;
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

    public ActivationPrecision activationPrecision() {
        return activations;
    }

    /** A KV cache in the default type ({@link KvCacheType#DEFAULT}) for one sequence of up to {@code contextLength} positions. */
    public KvCache newKvCache(int contextLength) {
        return newKvCache(contextLength, KvCacheType.DEFAULT);
    }

    /** A KV cache of {@code type} for one sequence of up to {@code contextLength} positions. */
    public KvCache newKvCache(int contextLength, KvCacheType type) {
        return KvCache.allocate(config, contextLength, type);
    }

    /**
     * Feeds {@code token} at {@code position} (positions 0 … position−1 must already be in
     * {@code cache}) and returns the logits of the next token, one per vocabulary entry.
     */
    public float[] forward(int token, int position, KvCache cache) {
        return forward(token, position, cache, new float[config.vocabSize()]);
    }

    /**
     * As {@link #forward(int, int, KvCache)}, writing the logits into {@code logits} (vocabSize
     * floats) and returning it: the token loop's call, which allocates nothing once the calling
     * thread's scratch exists and its attention rows have grown to the context.
     */
    public float[] forward(int token, int position, KvCache cache, float[] logits) {
        checkToken(token);
        checkPosition(position, cache);
        if (logits.length != config.vocabSize()) {
            throw new IllegalArgumentException("the logits buffer holds " + logits.length + " floats but the vocabulary has "
                    + config.vocabSize());
        }
        WorkerPool pool = WorkerPool.shared();
        DecodeScratch s = decodeScratch.get();
        s.ensureContext(position + 1);
        float[] x = s.x;
        weights.tokenEmbedding().dequantizeRow(token, x, 0);

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);

            rmsnorm(x, 0, layer.attentionNorm(), config.rmsEps(), s.xb, 0);
            quantize(s.xbQ, s.xb);
            RowParallel.matvecs(pool, qkv[l], s.xbThrice, s.xbQThrice, s.qkv, 3);
            rope(s.q, 0, config.heads(), position);
            rope(s.k, 0, config.kvHeads(), position);
            cache.store(l, position, s.k, 0, s.v, 0);
            s.oneCache[0] = cache;
            s.onePosition[0] = position;
            s.attention.prepare(s.q, s.oneCache, s.onePosition, l, 1, s.attended, s.scores);
            pool.run(s.attention);
            quantize(s.attendedQ, s.attended);
            RowParallel.matvec(pool, layer.wo(), s.attended, s.attendedQ, s.delta);
            add(x, s.delta);

            rmsnorm(x, 0, layer.ffnNorm(), config.rmsEps(), s.xb, 0);
            quantize(s.xbQ, s.xb);
            if (layer.isMixtureOfExperts()) {
                mixtureOfExperts(pool, layer, s);
            } else {
                swiglu(pool, layer.denseFfn(), s, 1);
                System.arraycopy(s.expertOut[0], 0, s.delta, 0, config.dim());
            }
            add(x, s.delta);
        }

        s.attention.release();
        s.oneCache[0] = null;
        rmsnorm(x, 0, weights.outputNorm(), config.rmsEps(), s.xb, 0);
        quantize(s.xbQ, s.xb);
        RowParallel.matvec(pool, weights.output(), s.xb, s.xbQ, logits);
        return logits;
    }

    /**
     * One decoding step for several independent sequences: entry i feeds {@code tokens[i]} at
     * {@code positions[i]} into {@code caches[i]} and gets that sequence's next-token logits. This is
     * the scheduler's one call per step. The tokens go through each layer together, as a prompt's
     * tokens do ({@link #PREFILL_BATCH} at a time): every weight row is read once for all sequences,
     * tokens are grouped by expert, and each token attends over its own cache. The batched kernels
     * multiply the same numbers as the one-token kernels in another order, so every sequence gets
     * the logits {@link #forward(int, int, KvCache)} would give it alone up to float summation
     * order and the roundings that follow from it (8-bit activations, F16 keys and values). The caches
     * must be distinct (two tokens of one sequence are a prompt chunk, not a batch).
     */
    public float[][] forwardBatch(int[] tokens, int[] positions, KvCache[] caches) {
        if (tokens.length != positions.length || tokens.length != caches.length) {
            throw new IllegalArgumentException("forwardBatch needs one position and one KV cache per token, got "
                    + tokens.length + " tokens, " + positions.length + " positions and " + caches.length + " caches");
        }
        for (int i = 0; i < tokens.length; i++) {
            checkToken(tokens[i]);
            checkPosition(positions[i], caches[i]);
            for (int j = 0; j < i; j++) {
                if (caches[j] == caches[i]) {
                    throw new IllegalArgumentException("forwardBatch entries " + j + " and " + i
                            + " share one KV cache; each entry must be its own sequence (feed a sequence's tokens with forward(int[], int, KvCache))");
                }
            }
        }
        if (tokens.length == 1) {
            // One sequence: the decode path's matvec kernels, tuned for a single token.
            return new float[][] {forward(tokens[0], positions[0], caches[0])};
        }
        float[][] logits = new float[tokens.length][];
        for (int from = 0; from < tokens.length; from += PREFILL_BATCH) {
            int b = Math.min(PREFILL_BATCH, tokens.length - from);
            PrefillScratch s = prefillScratch.get();
            int maxPosition = 0;
            for (int t = 0; t < b; t++) {
                maxPosition = Math.max(maxPosition, positions[from + t]);
            }
            s.ensure(b, maxPosition + 1, WorkerPool.shared().size());
            for (int t = 0; t < b; t++) {
                s.positions[t] = positions[from + t];
                s.caches[t] = caches[from + t];
            }
            forwardRows(tokens, from, b, s);
            logitsOfEveryRow(b, s, logits, from);
        }
        return logits;
    }

    /**
     * Feeds {@code tokens} at positions {@code firstPosition, firstPosition + 1, …} (a prompt, or
     * the next chunk of one) and returns the logits after the last of them. The tokens go through
     * each layer together ({@link #PREFILL_BATCH} at a time): every weight row is read once for all
     * of them, and tokens are grouped by expert so that each chosen expert's matrices are read once
     * per batch. Each token meets the numbers the one-token path gives it, summed in another order,
     * so the logits are the same up to that order and the roundings that follow from it.
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
        float[] logits = new float[config.vocabSize()];
        for (int from = 0; from < tokens.length; from += PREFILL_BATCH) {
            int n = Math.min(PREFILL_BATCH, tokens.length - from);
            forwardChunk(tokens, from, n, firstPosition + from, cache, logits);
        }
        return logits;
    }

    /** Feeds {@code tokens[from … from+b−1]} at positions {@code firstPosition …}; the last one's logits go to {@code logits}. */
    private void forwardChunk(int[] tokens, int from, int b, int firstPosition, KvCache cache, float[] logits) {
        int dim = config.dim();
        PrefillScratch s = prefillScratch.get();
        s.ensure(b, firstPosition + b, WorkerPool.shared().size());
        for (int t = 0; t < b; t++) {
            s.positions[t] = firstPosition + t;
            s.caches[t] = cache;
        }
        forwardRows(tokens, from, b, s);
        float[] last = s.last;
        rmsnorm(s.x, (b - 1) * dim, weights.outputNorm(), config.rmsEps(), last, 0);
        quantize(s.lastQ, last);
        RowParallel.matvec(WorkerPool.shared(), weights.output(), last, s.lastQ, logits);
    }

    /**
     * The layers for {@code b} tokens side by side: token t is {@code tokens[from + t]} at
     * {@code s.positions[t]} in {@code s.caches[t]} (one cache for a prompt chunk, one per sequence
     * for a decoding step). Each weight matrix is applied to all rows in one product; each token
     * stores its keys and values and attends over its own cache. Leaves the final residual stream
     * in {@code s.x} and lets go of the caches.
     */
    private void forwardRows(int[] tokens, int from, int b, PrefillScratch s) {
        WorkerPool pool = WorkerPool.shared();
        int dim = config.dim();
        int qDim = config.qDim();
        int kvDim = config.kvDim();
        float[] x = s.x;
        for (int t = 0; t < b; t++) {
            weights.tokenEmbedding().dequantizeRow(tokens[from + t], x, t * dim);
        }

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights layer = weights.layers().get(l);

            for (int t = 0; t < b; t++) {
                rmsnorm(x, t * dim, layer.attentionNorm(), config.rmsEps(), s.xb, t * dim);
            }
            s.xbRounded.set(s.xb, dim, b);
            for (int i = 0; i < 3; i++) {
                s.qkvIn[i] = s.xbRounded.of(qkv[l][i], pool);
            }
            s.qkvOut[0] = s.q;
            s.qkvOut[1] = s.k;
            s.qkvOut[2] = s.v;
            s.qkvInStrides[0] = s.qkvInStrides[1] = s.qkvInStrides[2] = dim;
            s.qkvOutStrides[0] = qDim;
            s.qkvOutStrides[1] = s.qkvOutStrides[2] = kvDim;
            RowParallel.matmuls(pool, qkv[l], s.qkvIn, s.qkvInStrides, s.qkvOut, s.qkvOutStrides, 3, b);
            for (int t = 0; t < b; t++) {
                int position = s.positions[t];
                rope(s.q, t * qDim, config.heads(), position);
                rope(s.k, t * kvDim, config.kvHeads(), position);
                s.caches[t].store(l, position, s.k, t * kvDim, s.v, t * kvDim);
            }
            s.attention.prepare(s.q, s.caches, s.positions, l, b, s.attended, s.scores);
            pool.run(s.attention);
            matmul(pool, s, layer.wo(), s.attendedRounded.set(s.attended, qDim, b).of(layer.wo(), pool), qDim, s.delta, dim, b);
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
        s.attention.release();
        java.util.Arrays.fill(s.caches, 0, b, null);
    }

    /** Every row's logits, {@code output · rmsnorm(x_t)} in one product, copied to {@code logits[first + t]}. */
    private void logitsOfEveryRow(int b, PrefillScratch s, float[][] logits, int first) {
        int dim = config.dim();
        int vocab = config.vocabSize();
        for (int t = 0; t < b; t++) {
            rmsnorm(s.x, t * dim, weights.outputNorm(), config.rmsEps(), s.xb, t * dim);
        }
        s.ensureLogits(b * vocab);
        float[] in = s.xbRounded.set(s.xb, dim, b).of(weights.output(), WorkerPool.shared());
        matmul(WorkerPool.shared(), s, weights.output(), in, dim, s.logitRows, vocab, b);
        for (int t = 0; t < b; t++) {
            logits[first + t] = java.util.Arrays.copyOfRange(s.logitRows, t * vocab, (t + 1) * vocab);
        }
    }

    /** {@code out = m · x} for {@code b} rows, through the scratch's one-matrix argument arrays (no per-call arrays). */
    private static void matmul(WorkerPool pool, PrefillScratch s, WeightMatrix m, float[] x, int xStride, float[] out,
                               int outStride, int b) {
        s.oneMatrix[0] = m;
        s.oneIn[0] = x;
        s.oneInStride[0] = xStride;
        s.oneOut[0] = out;
        s.oneOutStride[0] = outStride;
        RowParallel.matmuls(pool, s.oneMatrix, s.oneIn, s.oneInStride, s.oneOut, s.oneOutStride, 1, b);
        s.oneMatrix[0] = null;
    }

    /**
     * Mixtral's sparse FFN over a batch: route every token, then run each expert once over the
     * tokens routed to it, and sum each token's expert outputs in its routing order.
     */
    private void mixtureOfExperts(WorkerPool pool, LayerWeights layer, PrefillScratch s, int b) {
        int dim = config.dim();
        int k = config.expertUsedCount();
        int experts = layer.experts().size();
        s.ensureExperts(b, experts, k);
        float[] routerLogits = s.routerLogits;
        matmul(pool, s, layer.router(), s.xbRounded.set(s.xb, dim, b).of(layer.router(), pool), dim, routerLogits, experts, b);
        int[] chosen = s.chosen;          // token t's j-th expert at t·k + j
        float[] chosenWeights = s.chosenWeights;
        for (int t = 0; t < b; t++) {
            ExpertRouting.topK(routerLogits, t * experts, experts, k, s.routerProbs, chosen, chosenWeights, t * k);
        }
        float[] slotOut = s.slotOut;      // token t's j-th expert output at (t·k + j)·dim
        int[] members = s.members;
        for (int e = 0; e < experts; e++) {
            int n = 0;
            for (int slot = 0; slot < b * k; slot++) {
                if (chosen[slot] == e) {
                    members[n++] = slot;
                }
            }
            if (n == 0) {
                continue;
            }
            if (n < FULL_TILE) {
                expertTokenByToken(pool, layer.experts().get(e), members, n, k, s);
                continue;
            }
            float[] in = s.expertIn;
            for (int m = 0; m < n; m++) {
                System.arraycopy(s.xb, (members[m] / k) * dim, in, m * dim, dim);
            }
            float[] out = s.expertOut;
            swiglu(pool, layer.experts().get(e), in, n, out);
            for (int m = 0; m < n; m++) {
                System.arraycopy(out, m * dim, slotOut, members[m] * dim, dim);
            }
        }
        java.util.Arrays.fill(s.delta, 0, b * dim, 0f);
        for (int t = 0; t < b; t++) {
            for (int j = 0; j < k; j++) {
                float w = chosenWeights[t * k + j];
                int y = (t * k + j) * dim;
                for (int i = 0; i < dim; i++) {
                    s.delta[t * dim + i] += w * slotOut[y + i];
                }
            }
        }
    }

    /**
     * One expert for the {@code n} (fewer than {@link #FULL_TILE}) tokens routed to it, each with the
     * one-token matvec kernels: a tiled matmul decodes each row for a tile of 4 tokens, and with 1-3
     * of them that decoding cost more than it saved (a batched decode step of 8 sequences spreads
     * about 2 tokens over each of 8 experts; docs/benchmarks.md, "Batched decode"). These tokens
     * get exactly the one-token path's numbers, 8-bit activations included. Outputs go to
     * {@code s.slotOut} by slot.
     */
    private void expertTokenByToken(WorkerPool pool, FeedForward ffn, int[] members, int n, int k, PrefillScratch s) {
        int dim = config.dim();
        s.ensureTokenByToken(ffn.gate().rows());
        for (int m = 0; m < n; m++) {
            System.arraycopy(s.xb, (members[m] / k) * dim, s.tokenIn[m], 0, dim);
            quantize(s.tokenInQ[m], s.tokenIn[m]);
            s.tokenMatrices[2 * m] = ffn.gate();
            s.tokenMatrices[2 * m + 1] = ffn.up();
            s.tokenIns[2 * m] = s.tokenIns[2 * m + 1] = s.tokenIn[m];
            s.tokenInQs[2 * m] = s.tokenInQs[2 * m + 1] = s.tokenInQ[m];
            s.tokenOuts[2 * m] = s.tokenGate[m];
            s.tokenOuts[2 * m + 1] = s.tokenUp[m];
        }
        RowParallel.matvecs(pool, s.tokenMatrices, s.tokenIns, s.tokenInQs, s.tokenOuts, 2 * n);
        for (int m = 0; m < n; m++) {
            float[] gate = s.tokenGate[m];
            float[] up = s.tokenUp[m];
            siluTimes(gate, up, 0, gate.length);
            quantize(s.tokenHiddenQ[m], gate);
            s.tokenMatrices[m] = ffn.down();
            s.tokenIns[m] = gate;
            s.tokenInQs[m] = s.tokenHiddenQ[m];
            s.tokenOuts[m] = s.tokenOut[m];
        }
        RowParallel.matvecs(pool, s.tokenMatrices, s.tokenIns, s.tokenInQs, s.tokenOuts, n);
        for (int m = 0; m < n; m++) {
            System.arraycopy(s.tokenOut[m], 0, s.slotOut, members[m] * dim, dim);
        }
        java.util.Arrays.fill(s.tokenMatrices, null);
    }

    /** {@code out = down · (silu(gate · x) ⊙ (up · x))} for {@code n} tokens side by side. */
    private void swiglu(WorkerPool pool, FeedForward ffn, float[] x, int n, float[] out) {
        int dim = config.dim();
        int ff = ffn.gate().rows();
        PrefillScratch s = prefillScratch.get();
        s.ensureHidden(n * ff);
        float[] gate = s.gate;
        float[] up = s.up;
        s.gateUp[0] = ffn.gate();
        s.gateUp[1] = ffn.up();
        RoundedInputs in = s.expertInRounded.set(x, dim, n);
        s.gateUpIn[0] = in.of(ffn.gate(), pool);
        s.gateUpIn[1] = in.of(ffn.up(), pool);
        s.gateUpInStrides[0] = s.gateUpInStrides[1] = dim;
        s.gateUpOut[0] = gate;
        s.gateUpOut[1] = up;
        s.gateUpOutStrides[0] = s.gateUpOutStrides[1] = ff;
        RowParallel.matmuls(pool, s.gateUp, s.gateUpIn, s.gateUpInStrides, s.gateUpOut, s.gateUpOutStrides, 2, n);
        // n·ff exponentials: about 30 ms a layer for a 128-token prompt on one thread, so shared out.
        pool.run((part, parts) -> siluTimes(gate, up, (int) ((long) n * ff * part / parts), (int) ((long) n * ff * (part + 1) / parts)));
        matmul(pool, s, ffn.down(), s.hiddenRounded(ff).set(gate, ff, n).of(ffn.down(), pool), ff, out, dim, n);
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
     * Causal self-attention of {@code tokens} queries (token t at position {@code positions[t]} in
     * {@code caches[t]}, its heads at {@code q[t·qDim ..]}) over the positions up to their own, grouped-query: query
     * head h reads key/value head {@code h / (heads / kvHeads)}. Every (token, head) pair is
     * independent, so the pairs are shared out over the pool. One instance per scratch, set by
     * {@link #prepare} and handed to the pool as it is, so a step costs no lambda object.
     */
    private final class Attention implements WorkerPool.Step {
        private float[] q;
        private KvCache[] caches;
        private int[] positions;
        private int layer;
        private int tokens;
        private float[] out;
        private float[][] scores;

        void prepare(float[] q, KvCache[] caches, int[] positions, int layer, int tokens, float[] out, float[][] scores) {
            this.q = q;
            this.caches = caches;
            this.positions = positions;
            this.layer = layer;
            this.tokens = tokens;
            this.out = out;
            this.scores = scores;
        }

        /** Drops the references to the step's arrays, so a finished sequence's cache is not kept alive by the scratch. */
        void release() {
            this.q = null;
            this.caches = null;
            this.positions = null;
            this.out = null;
        }

        @Override
        public void run(int part, int parts) {
            int heads = config.heads();
            int qDim = config.qDim();
            float[] rowScores = scores[part];
            for (int job = part; job < tokens * heads; job += parts) {
                int t = job / heads;
                attendHead(job % heads, q, t * qDim, caches[t], layer, positions[t], out, t * qDim, rowScores);
            }
        }
    }

    /** One query head over positions 0 … {@code position}: softmax of the scaled scores, then the weighted values. */
    private void attendHead(int h, float[] q, int qBase, KvCache cache, int layer, int position, float[] out, int outBase,
                            float[] scores) {
        int headDim = config.headDim();
        int kvHead = h / (config.heads() / config.kvHeads());
        float scale = (float) (1.0 / Math.sqrt(headDim));
        cache.keyScores(layer, kvHead, q, qBase + h * headDim, position + 1, scale, scores);
        softmax(scores, position + 1);
        java.util.Arrays.fill(out, outBase + h * headDim, outBase + (h + 1) * headDim, 0f);
        cache.addWeightedValues(layer, kvHead, scores, position + 1, out, outBase + h * headDim);
    }

    /**
     * Mixtral's sparse FFN for one token: route, run the chosen experts (their gate and up
     * products in one step, their down products in another), sum their outputs by router weight
     * into {@code s.delta}.
     */
    private void mixtureOfExperts(WorkerPool pool, LayerWeights layer, DecodeScratch s) {
        RowParallel.matvec(pool, layer.router(), s.xb, s.xbQ, s.routerLogits);
        int k = config.expertUsedCount();
        ExpertRouting.topK(s.routerLogits, 0, s.routerLogits.length, k, s.routerProbs, s.chosen, s.chosenWeights, 0);
        for (int j = 0; j < k; j++) {
            FeedForward e = layer.experts().get(s.chosen[j]);
            s.stepMatrices[2 * j] = e.gate();
            s.stepMatrices[2 * j + 1] = e.up();
            s.downMatrices[j] = e.down();
        }
        swigluSteps(pool, s, k);
        java.util.Arrays.fill(s.delta, 0f);
        for (int j = 0; j < k; j++) {
            float w = s.chosenWeights[j];
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
        RowParallel.matvecs(pool, s.stepMatrices, s.xbMany, s.xbQMany, s.gateUp, 2 * k);
        s.gating.experts = k;
        pool.run(s.gating);
        RowParallel.matvecs(pool, s.downMatrices, s.hidden, s.hiddenQ, s.expertOut, k);
    }

    /**
     * The chosen experts' SwiGLU gating and the 8-bit rounding of its result, one expert per part:
     * 2·14336 exponentials and roundings a layer cost about 0.4 ms on one thread, long enough for
     * the idle worker to park. One instance per scratch, so a step costs no lambda object.
     */
    private static final class Gating implements WorkerPool.Step {
        private final DecodeScratch s;
        int experts;

        Gating(DecodeScratch s) {
            this.s = s;
        }

        @Override
        public void run(int part, int parts) {
            for (int j = part; j < experts; j += parts) {
                float[] gate = s.gateUp[2 * j];
                siluTimes(gate, s.gateUp[2 * j + 1], 0, gate.length);
                s.hidden[j] = gate;
                quantize(s.hiddenQ[j], gate);
            }
        }
    }

    /** Fills {@code xq} with the 8-bit form of {@code x}; nothing when there is none (float activations, or a width without 8-bit blocks). */
    private static void quantize(Q8Activations xq, float[] x) {
        if (xq != null) {
            xq.quantize(x, 0);
        }
    }

    /** 8-bit activations of {@code length} values, or null when products take floats ({@link ActivationPrecision#F32}, or a width no quantized matrix can have). */
    private Q8Activations eightBit(int length) {
        return activations == ActivationPrecision.Q8 && length % 32 == 0 ? new Q8Activations(length) : null;
    }

    /** The batched counterpart of {@link #eightBit}: rounded copies of a batch's input of width {@code cols}, or the input itself under F32. */
    private RoundedInputs rounded(int cols) {
        return new RoundedInputs(cols, activations == ActivationPrecision.Q8);
    }

    /** {@code gate[i] = silu(gate[i]) · up[i]} for i in {@code [from, to)}: SwiGLU's gating. */
    private static void siluTimes(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
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
        final Q8Activations xbQ = eightBit(config.dim());
        final Q8Activations[] xbQThrice = {xbQ, xbQ, xbQ};
        final float[] attended = new float[config.qDim()];
        final Q8Activations attendedQ = eightBit(config.qDim());
        final float[] delta = new float[config.dim()];
        final float[] routerLogits = new float[Math.max(1, config.expertCount())];
        final float[] routerProbs = new float[routerLogits.length];
        final int slots = Math.max(1, config.expertUsedCount());
        final int[] chosen = new int[slots];
        final float[] chosenWeights = new float[slots];
        final Attention attention = new Attention();
        final KvCache[] oneCache = new KvCache[1];
        final int[] onePosition = new int[1];
        final WeightMatrix[] stepMatrices = new WeightMatrix[2 * slots];
        final WeightMatrix[] downMatrices = new WeightMatrix[slots];
        final float[][] xbMany = new float[2 * slots][];
        final Q8Activations[] xbQMany = new Q8Activations[2 * slots];
        final float[][] gateUp = new float[2 * slots][];
        final float[][] hidden = new float[slots][];
        final Q8Activations[] hiddenQ = new Q8Activations[slots];
        final float[][] expertOut = new float[slots][];
        final Gating gating = new Gating(this);
        float[][] scores = new float[WorkerPool.shared().size()][0];

        DecodeScratch() {
            int ff = config.ffnDim();
            for (int j = 0; j < 2 * slots; j++) {
                xbMany[j] = xb;
                xbQMany[j] = xbQ;
                gateUp[j] = new float[ff];
            }
            for (int j = 0; j < slots; j++) {
                expertOut[j] = new float[config.dim()];
                hiddenQ[j] = eightBit(ff);
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

    /**
     * The activations of a batch of up to {@code tokens} tokens, row t of each at {@code t · width},
     * and the mixture's routing and expert buffers: made once per thread, grown when a larger batch,
     * a longer context or a wider FFN comes, reused by every later chunk.
     */
    private final class PrefillScratch {
        int tokens;
        float[] x;
        float[] xb;
        float[] q;
        float[] k;
        float[] v;
        float[] attended;
        float[] delta;
        int[] positions;
        KvCache[] caches;
        final float[] last = new float[config.dim()];
        final Q8Activations lastQ = eightBit(config.dim());
        final RoundedInputs xbRounded = rounded(config.dim());
        final RoundedInputs attendedRounded = rounded(config.qDim());
        final RoundedInputs expertInRounded = rounded(config.dim());
        private RoundedInputs hiddenRounded;
        float[] logitRows = new float[0];
        float[][] scores = new float[0][0];
        // Argument arrays of the products, refilled before each call so that a step makes none.
        final float[][] qkvIn = new float[3][];
        final float[][] qkvOut = new float[3][];
        final int[] qkvInStrides = new int[3];
        final int[] qkvOutStrides = new int[3];
        final WeightMatrix[] gateUp = new WeightMatrix[2];
        final float[][] gateUpIn = new float[2][];
        final float[][] gateUpOut = new float[2][];
        final int[] gateUpInStrides = new int[2];
        final int[] gateUpOutStrides = new int[2];
        final WeightMatrix[] oneMatrix = new WeightMatrix[1];
        final float[][] oneIn = new float[1][];
        final float[][] oneOut = new float[1][];
        final int[] oneInStride = new int[1];
        final int[] oneOutStride = new int[1];
        final Attention attention = new Attention();
        float[] routerLogits = new float[0];
        float[] routerProbs = new float[0];
        int[] chosen = new int[0];
        float[] chosenWeights = new float[0];
        float[] slotOut = new float[0];
        int[] members = new int[0];
        float[] expertIn = new float[0];
        float[] expertOut = new float[0];
        float[] gate = new float[0];
        float[] up = new float[0];

        void ensure(int b, int contextPositions, int parts) {
            if (b > tokens) {
                tokens = b;
                x = new float[b * config.dim()];
                xb = new float[b * config.dim()];
                q = new float[b * config.qDim()];
                k = new float[b * config.kvDim()];
                v = new float[b * config.kvDim()];
                attended = new float[b * config.qDim()];
                delta = new float[b * config.dim()];
                this.positions = new int[b];
                this.caches = new KvCache[b];
            }
            if (scores.length != parts || scores[0].length < contextPositions) {
                int n = Math.max(contextPositions, scores.length == 0 ? 0 : 2 * scores[0].length);
                scores = new float[parts][n];
            }
        }

        void ensureExperts(int b, int experts, int k) {
            if (routerLogits.length < b * experts) {
                routerLogits = new float[b * experts];
            }
            if (routerProbs.length < experts) {
                routerProbs = new float[experts];
            }
            if (chosen.length < b * k) {
                chosen = new int[b * k];
                chosenWeights = new float[b * k];
                members = new int[b * k];
                slotOut = new float[b * k * config.dim()];
                expertIn = new float[b * k * config.dim()];
                expertOut = new float[b * k * config.dim()];
            }
        }

        final WeightMatrix[] tokenMatrices = new WeightMatrix[2 * (FULL_TILE - 1)];
        final float[][] tokenIns = new float[2 * (FULL_TILE - 1)][];
        final Q8Activations[] tokenInQs = new Q8Activations[2 * (FULL_TILE - 1)];
        Q8Activations[] tokenInQ = new Q8Activations[0];
        Q8Activations[] tokenHiddenQ = new Q8Activations[0];
        final float[][] tokenOuts = new float[2 * (FULL_TILE - 1)][];
        float[][] tokenIn = new float[0][];
        float[][] tokenGate = new float[0][];
        float[][] tokenUp = new float[0][];
        float[][] tokenOut = new float[0][];

        void ensureTokenByToken(int ff) {
            if (tokenIn.length == 0) {
                tokenIn = new float[FULL_TILE - 1][config.dim()];
                tokenOut = new float[FULL_TILE - 1][config.dim()];
                tokenInQ = new Q8Activations[FULL_TILE - 1];
                for (int m = 0; m < FULL_TILE - 1; m++) {
                    tokenInQ[m] = eightBit(config.dim());
                }
            }
            if (tokenGate.length == 0 || tokenGate[0].length != ff) {
                tokenGate = new float[FULL_TILE - 1][ff];
                tokenUp = new float[FULL_TILE - 1][ff];
                tokenHiddenQ = new Q8Activations[FULL_TILE - 1];
                for (int m = 0; m < FULL_TILE - 1; m++) {
                    tokenHiddenQ[m] = eightBit(ff);
                }
            }
        }

        void ensureLogits(int n) {
            if (logitRows.length < n) {
                logitRows = new float[n];
            }
        }

        /** The rounded copies of the FFN's hidden activations, {@code ff} wide. */
        RoundedInputs hiddenRounded(int ff) {
            if (hiddenRounded == null || hiddenRounded.cols() != ff) {
                hiddenRounded = rounded(ff);
            }
            return hiddenRounded;
        }

        void ensureHidden(int n) {
            if (gate.length < n) {
                gate = new float[n];
                up = new float[n];
            }
        }
    }
}
