package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs the hot loops a model needs on small heap matrices until the JIT has compiled them, so the
 * first real token does not crawl through them interpreted. Vector API code is dozens of times
 * slower before C2 intrinsifies it; without this the first token of a one-token prompt on a 6 GB
 * Mixtral-shaped Q4_0 file took 7–13 s after start, almost all of it in interpreted and C1 kernels
 * reading gigabytes (docs/engine.md, "Warm-up", has the measurements).
 *
 * <p>For each weight type present in the model: the pool's matrix-vector product (decode), the
 * batched product (prefill) and a row dequantization (embeddings); then the attention loops of the
 * KV cache type. The matrices are random bytes of the right layout, {@value #ROWS} × {@value #COLS}
 * weights (256 is a multiple of every GGML block), small enough to stay in cache.
 */
public final class KernelWarmUp {

    private static final int ROWS = 64;
    private static final int COLS = 256;
    private static final int BATCH = 8;
    /** Calls per kernel: past HotSpot's C2 thresholds (Tier4InvocationThreshold 5,000 calls of the row dot product). */
    private static final int MATVECS = 400;
    private static final int MATMULS = 60;
    private static final int ATTENTIONS = 600;

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

    /** Warms the kernels of every type in {@code types} and the attention of {@code kvType}; returns the nanoseconds it took. */
    public static long run(Set<GgmlType> types, KvCacheType kvType) {
        long start = System.nanoTime();
        WorkerPool pool = WorkerPool.shared();
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[BATCH * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[BATCH * ROWS];
        for (GgmlType type : types) {
            WeightMatrix m = WeightMatrices.of(type, randomWeights(type, random), ROWS, COLS);
            for (int i = 0; i < MATVECS; i++) {
                RowParallel.matvecs(pool, new WeightMatrix[] {m}, new float[][] {x}, new float[][] {out}, 1);
                m.dequantizeRow(i % ROWS, x, COLS);
            }
            for (int i = 0; i < MATMULS; i++) {
                RowParallel.matmuls(pool, new WeightMatrix[] {m}, new float[][] {x}, new int[] {COLS}, new float[][] {out},
                        new int[] {ROWS}, 1, BATCH);
            }
        }
        warmAttention(kvType, random);
        return System.nanoTime() - start;
    }

    private static void warmAttention(KvCacheType kvType, SplittableRandom random) {
        int positions = 64;
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
        for (int i = 0; i < ATTENTIONS; i++) {
            cache.keyScores(0, 0, row, 0, positions, 0.1f, scores);
            cache.addWeightedValues(0, 0, scores, positions, out, 0);
        }
    }

    /**
     * Random bytes in {@code type}'s layout; float types get small finite numbers (random bits
     * would hold NaNs and subnormals, which real weights do not).
     */
    private static MemorySegment randomWeights(GgmlType type, SplittableRandom random) {
        int n = ROWS * COLS;
        byte[] bytes = new byte[(int) type.byteSize(n)];
        MemorySegment s = MemorySegment.ofArray(bytes);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    s.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 4L * i, (float) random.nextGaussian());
                }
            }
            case F16, BF16 -> {
                for (int i = 0; i < n; i++) {
                    float v = (float) random.nextGaussian();
                    short bits = type == GgmlType.F16 ? Float.floatToFloat16(v) : (short) (Float.floatToRawIntBits(v) >>> 16);
                    s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i, bits);
                }
            }
            default -> {
                random.nextBytes(bytes);
                // every block's fp16 scales: small finite values, as a quantizer writes
                for (int b = 0; b < bytes.length; b += 2) {
                    if ((bytes[b + 1] & 0x7C) == 0x7C) {
                        bytes[b + 1] &= (byte) 0xBB;
                    }
                }
            }
        }
        return s;
    }
}
