package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Runs the hot loops a model needs on small slices of its own tensors until the JIT has compiled them, so the
 * first real token does not crawl through them interpreted. Vector API code is dozens of times
 * slower before C2 intrinsifies it; without this the first token of a one-token prompt on a 6 GB
 * Mixtral-shaped Q4_0 file took 7–13 s after start, almost all of it in interpreted and C1 kernels
 * reading gigabytes (docs/engine.md, "Warm-up", has the measurements).
 *
 * <p>For each weight type present in the model, in the order a forward pass first meets them: the
 * matrix-vector product (decode; the integer kernel under {@link ActivationPrecision#Q8}, the float
 * one under F32) and a row dequantization (embeddings); before them, briefly, the attention loops of
 * the chosen KV cache type and the activations' quantization. Not the batched prefill products:
 * warming them too added about 1 s, so they still compile during the first long prompt.
 *
 * <p>The kernels are called on the warming thread itself, not through the worker pool, so that the
 * warm-up can run in the background ({@link #start}) while the first token is computed on the pool:
 * C2 compiles a method only once it has been called often enough, and a forward pass reaches the
 * output matrix's kernel last, so without a warm-up that kernel is still interpreted at the end of
 * the first token. Types are warmed round-robin, one product per type per round, and a type leaves
 * the rounds once two products in a row took under {@value #COMPILED_NANOS} ns (compiled: about
 * 0.01 ms for 64 × 256 weights, against 2–50 ms before C2), so that every kernel reaches the
 * compile queue early and none is called more than it needs. The launcher lowers C2's thresholds
 * for the kernel classes ({@code CompileThresholdScaling} in {@code ./tramontane}), which makes that
 * a few dozen calls; without it the rounds go on to HotSpot's defaults (about 80 products).
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
    /** A product of {@value #ROWS} × {@value #COLS} weights that took less than this ran compiled code. */
    private static final long COMPILED_NANOS = 200_000;
    /** Rounds at most: past HotSpot's default C2 threshold for the row products (5,000 calls, 79 products) with room. */
    private static final int MAX_ROUNDS = 400;
    private static final int ATTENTIONS = 50;

    private KernelWarmUp() {}

    /** The distinct weight types of {@code weights}' matrices, in the order a forward pass first uses them. */
    static Set<GgmlType> weightTypes(ModelWeights weights) {
        Set<GgmlType> types = new LinkedHashSet<>();
        types.add(weights.tokenEmbedding().type());
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
        types.add(weights.output().type());
        return types;
    }

    /**
     * Warms, on the calling thread, the kernels of every type in {@code types} that decoding with
     * {@code activations} uses, each on a tensor of that type in {@code file}, and the attention of
     * {@code kvType}; returns the nanoseconds it took.
     */
    public static long run(GgufFile file, Set<GgmlType> types, KvCacheType kvType, ActivationPrecision activations) {
        return run(file, types, kvType, activations, () -> false);
    }

    /** As {@link #run(GgufFile, Set, KvCacheType, ActivationPrecision)}, ending early once {@code stop} says so (checked every round). */
    static long run(GgufFile file, Set<GgmlType> types, KvCacheType kvType, ActivationPrecision activations, BooleanSupplier stop) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[2 * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[ROWS];
        Q8Activations xq = activations == ActivationPrecision.Q8 ? new Q8Activations(COLS) : null;
        loadHeapSegmentKinds();
        warmAttention(kvType, random, ATTENTIONS);
        List<WeightMatrix> pending = new ArrayList<>();
        for (GgmlType type : types) {
            MemorySegment data = firstBytesOf(file, type);
            if (data != null) {
                pending.add(WeightMatrices.of(type, data, ROWS, COLS));
            }
        }
        int[] fastInARow = new int[pending.size()];
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty() && !stop.getAsBoolean(); round++) {
            if (xq != null) {
                xq.quantize(x, 0);
            }
            WeightMatrices.forgetThreadScratch();
            for (int i = pending.size() - 1; i >= 0; i--) {
                WeightMatrix m = pending.get(i);
                long t0 = System.nanoTime();
                if (xq != null) {
                    m.matvecQ8(x, xq, out, 0, ROWS);
                } else {
                    m.matvec(x, out, 0, ROWS);
                }
                m.dequantizeRow(round % ROWS, x, COLS);
                fastInARow[i] = System.nanoTime() - t0 < COMPILED_NANOS ? fastInARow[i] + 1 : 0;
                if (fastInARow[i] >= 2) {
                    pending.remove(i);
                    System.arraycopy(fastInARow, i + 1, fastInARow, i, pending.size() - i);
                }
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Whether this JVM was started with the launcher's lower C2 thresholds for the kernel package
     * ({@code -XX:CompileCommand=CompileThresholdScaling,dev.tramontane.engine.tensor.*::*,…}, see
     * {@code ./tramontane}). Without them a background warm-up slowed the first token down (its calls
     * stay interpreted for longer and compete with the forward pass for the cores), so callers
     * choosing a default use this.
     */
    public static boolean jitFlagsPresent() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:CompileCommand=CompileThresholdScaling,dev.tramontane.engine.tensor."));
    }

    /**
     * Starts {@link #run} on a daemon thread of its own and returns at once: the first forward pass
     * can run meanwhile (the warm-up touches no state a forward pass uses; its kernels only read the
     * mapped file). The future completes with the nanoseconds the warm-up took; it ends early once
     * {@code stop} says so, which the owner of {@code file} must wait for before unmapping it.
     */
    static CompletableFuture<Long> start(GgufFile file, Set<GgmlType> types, KvCacheType kvType, ActivationPrecision activations,
                                         BooleanSupplier stop) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("kernel-warm-up").start(() -> {
            try {
                done.complete(run(file, types, kvType, activations, stop));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
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
