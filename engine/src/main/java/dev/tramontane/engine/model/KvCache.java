package dev.tramontane.engine.model;

/**
 * The keys and values of every past position of one sequence, per layer, in one of the
 * {@link KvCacheType}s. Position {@code p} of a layer is one row of {@code kvDim} values, its
 * {@code kvHeads} heads side by side; attention reads the rows where they lie (no float copy of
 * the past per token): {@link #keyScores} gives one query head's scores over all past positions,
 * {@link #addWeightedValues} the weighted sum of the values.
 *
 * <p>Sized by the context the caller asks for, not the model's maximum: Mixtral's 32k positions
 * would cost 4 GB per sequence in F32, 2 GB in F16.
 */
public abstract sealed class KvCache permits F32KvCache, F16KvCache, Q8_0KvCache {

    final int layers;
    final int kvDim;
    final int headDim;
    final int capacity;
    private final KvCacheType type;
    private final ModelConfig config;

    KvCache(ModelConfig config, int capacity, KvCacheType type) {
        this.layers = config.layers();
        this.kvDim = config.kvDim();
        this.headDim = config.headDim();
        this.capacity = capacity;
        this.type = type;
        this.config = config;
    }

    /**
     * A cache of {@code capacity} positions for a model of {@code config}, refused with the bytes
     * it would need when the heap cannot hold it.
     */
    public static KvCache allocate(ModelConfig config, int capacity, KvCacheType type) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a KV cache needs room for at least one position, not " + capacity);
        }
        String unsupported = type.unsupportedReason(config);
        if (unsupported != null) {
            throw new IllegalArgumentException(unsupported);
        }
        long valuesPerLayer = (long) capacity * config.kvDim();
        if (type.bytes(valuesPerLayer) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + type + " KV cache of " + capacity + " positions × " + config.kvDim()
                    + " values per layer exceeds one Java array; ask for a shorter context");
        }
        long bytes = type.bytesPerPosition(config) * capacity;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(
                    "a %s KV cache of %d positions needs %d bytes (%.2f GB, %d per position) but the JVM has about %.2f GB"
                            + " of heap left; ask for a shorter context, a smaller KV type (F16, Q8_0) or raise -Xmx",
                    type, capacity, bytes, bytes / 1e9, type.bytesPerPosition(config), free / 1e9));
        }
        return switch (type) {
            case F32 -> new F32KvCache(config, capacity);
            case F16 -> new F16KvCache(config, capacity);
            case Q8_0 -> new Q8_0KvCache(config, capacity);
        };
    }

    /** How many positions the cache holds. */
    public final int capacity() {
        return capacity;
    }

    public final int kvDim() {
        return kvDim;
    }

    public final KvCacheType type() {
        return type;
    }

    /** Heap bytes of all keys and values. */
    public final long bytes() {
        return type.bytesPerPosition(config) * capacity;
    }

    /**
     * Stores the key {@code k[kOffset ..]} and the value {@code v[vOffset ..]} (kvDim floats each)
     * of {@code position} in {@code layer}, rounded to this cache's type.
     */
    public abstract void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset);

    /**
     * {@code scores[t] = scale · q · key_t} for t in 0 … positions−1, where key_t is head
     * {@code kvHead} of position t's key and q is {@code headDim} floats at {@code q[qOffset]}.
     */
    public abstract void keyScores(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores);

    /** {@code out[outOffset ..] += Σ_t weights[t] · value_t} over t in 0 … positions−1, for head {@code kvHead}. */
    public abstract void addWeightedValues(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset);

    /** Position {@code position}'s key in {@code layer} as floats (kvDim of them), for tests and tools. */
    public abstract void readKey(int layer, int position, float[] out);

    /** Position {@code position}'s value in {@code layer} as floats. */
    public abstract void readValue(int layer, int position, float[] out);

    /** Copies positions 0 … positions−1 of every layer into {@code target} (same model and type), bit for bit. */
    public final void copyPrefixTo(KvCache target, int positions) {
        if (target.type != type || target.kvDim != kvDim || target.layers != layers) {
            throw new IllegalArgumentException("cannot copy a " + type + " KV cache of " + layers + " × " + kvDim
                    + " into a " + target.type + " cache of " + target.layers + " × " + target.kvDim);
        }
        if (positions > capacity || positions > target.capacity) {
            throw new IllegalArgumentException("cannot copy " + positions + " positions from a KV cache of "
                    + capacity + " into one of " + target.capacity);
        }
        copyRows(target, positions);
    }

    /** A cache of exactly {@code positions} positions holding this one's first {@code positions}. */
    public final KvCache copyOfPrefix(int positions) {
        KvCache copy = allocate(config, positions, type);
        copyPrefixTo(copy, positions);
        return copy;
    }

    abstract void copyRows(KvCache target, int positions);
}
