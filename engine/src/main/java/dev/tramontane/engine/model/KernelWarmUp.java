package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs the hot loops a model needs on small slices of its own tensors until the JIT has compiled them, so the
 * first real token does not crawl through them interpreted. Vector API code is dozens of times
 * slower before C2 intrinsifies it; without this the first token of a one-token prompt on a 6 GB
 * Mixtral-shaped Q4_0 file took 7–13 s after start, almost all of it in interpreted and C1 kernels
 * reading gigabytes (docs/engine.md, "Warm-up", has the measurements).
 *
 * <p>For each weight type present in the model: the pool's matrix-vector product (decode; the
 * integer kernel under {@link ActivationPrecision#Q8}, the float one under F32) and a
 * row dequantization (embeddings); before them, briefly, the attention loops of the chosen KV
 * cache type. Not the batched prefill products: warming them too added about 1 s to the warm-up,
 * so they still compile during the first long prompt. Measured per type on the 6.3 GiB Q4_0 file
 * of docs/benchmarks.md ("First token"): the product is compiled (0.1 ms a call instead of 2–50)
 * after 75–175 calls.
 *
 * <p>The matrices are the first bytes of a tensor of that type in the mapped file, seen as
 * {@value #ROWS} × {@value #COLS} weights (256 is a multiple of every GGML block): mapped memory,
 * not a heap array, because C2 specialises on the kinds of memory segment it has seen, and a
 * kernel compiled on heap bytes is thrown away (deoptimised) at the first real token. For the same
 * reason the byte-array segment class is loaded first (the Vector API's pre-C2 fallbacks and the
 * Q8_0 cache use it), and a class loaded after C2 compiled the kernels invalidates their
 * "only one kind of segment exists" assumption — measured: every kernel deoptimised at once,
 * 2 s into a 5 s warm-up.
 */
public final class KernelWarmUp {

    private static final int ROWS = 64;
    private static final int COLS = 256;
    /**
     * Products per weight type: 200 × 64 rows passes HotSpot's C2 threshold for the row dot product
     * (Tier4InvocationThreshold, 5,000 calls) with room; 150 and 400 measured the same warm-up time,
     * which is dominated by the Vector API's first-use costs, not by the count.
     */
    private static final int MATVECS = 200;
    private static final int ATTENTIONS = 50;

    private KernelWarmUp() {}

    /** The distinct weight types of {@code weights}' matrices. */
    static Set<GgmlType> weightTypes(ModelWeights weights) {
        Set<GgmlType> types = EnumSet.noneOf(GgmlType.class);
        types.add(weights.tokenEmbedding().type());
        types.add(weights.output().type());
        for (LayerWeights layer : weights.layers()) {
            for (WeightMatrix m : new WeightMatrix[] {layer.wq(), layer.wk(), layer.wv(), layer.wo(), layer.router()}) {
                if (m != null) {
                    types.add(m.type());
                }
            }
            for (FeedForward f : layer.experts()) {
                types.add(f.gate().type());
                types.add(f.up().type());
                types.add(f.down().type());
            }
        }
        return types;
    }

    /**
     * Warms the kernels of every type in {@code types} that decoding with {@code activations} uses,
     * each on a tensor of that type in {@code file}, and the attention of {@code kvType}; returns the
     * nanoseconds it took.
     */
    public static long run(GgufFile file, Set<GgmlType> types, KvCacheType kvType, ActivationPrecision activations) {
        long start = System.nanoTime();
        WorkerPool pool = WorkerPool.shared();
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[2 * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[ROWS];
        Q8Activations xq = activations == ActivationPrecision.Q8 ? new Q8Activations(COLS) : null;
        if (xq != null) {
            xq.quantize(x, 0);
        }
        loadHeapSegmentKinds();
        warmAttention(kvType, random, ATTENTIONS);
        for (GgmlType type : types) {
            MemorySegment data = firstBytesOf(file, type);
            if (data == null) {
                continue;
            }
            WeightMatrix m = WeightMatrices.of(type, data, ROWS, COLS);
            for (int i = 0; i < MATVECS; i++) {
                RowParallel.matvecs(pool, new WeightMatrix[] {m}, new float[][] {x}, new Q8Activations[] {xq}, new float[][] {out}, 1);
                m.dequantizeRow(i % ROWS, x, COLS);
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Loads the heap memory-segment class of byte arrays, the one the Vector API's pre-C2 fallbacks
     * and the Q8_0 cache use (see the class comment), before the kernels compile.
     */
    static void loadHeapSegmentKinds() {
        MemorySegment.ofArray(new byte[8]).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    private static void warmAttention(KvCacheType kvType, SplittableRandom random, int calls) {
        int positions = 16;
        ModelConfig config = new ModelConfig(256, 1, 2, 1, 128, 10000f, 128, 1e-5f, positions, 256, 0, 0, 32, 1f);
        KvCache cache = KvCache.allocate(config, positions, kvType);
        float[] row = new float[config.kvDim()];
        for (int t = 0; t < positions; t++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
            cache.store(0, t, row, 0, row, 0);
        }
        float[] scores = new float[positions];
        float[] out = new float[config.headDim()];
        for (int i = 0; i < calls; i++) {
            cache.keyScores(0, 0, row, 0, positions, 0.1f, scores);
            cache.addWeightedValues(0, 0, scores, positions, out, 0);
        }
    }

    /** The first ROWS × COLS weights' bytes of a matrix of {@code type} in the file, or null if none is big enough. */
    private static MemorySegment firstBytesOf(GgufFile file, GgmlType type) {
        long bytes = type.byteSize((long) ROWS * COLS);
        for (GgufTensorInfo t : file.tensors()) {
            if (t.type() == type && t.dims().length >= 2 && t.byteSize() >= bytes) {
                return file.tensorData(t).asSlice(0, bytes);
            }
        }
        return null;
    }
}
