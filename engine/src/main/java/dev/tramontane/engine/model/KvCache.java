package dev.tramontane.engine.model;

/**
 * The keys and values of every past position of one sequence, per layer, in float32 (as the
 * fixtures' llama.cpp runs keep them). Position {@code p} of layer {@code l} occupies
 * {@code keys[l][p·kvDim .. (p+1)·kvDim)}, heads side by side.
 *
 * <p>Sized by the context the caller asks for, not the model's maximum: Mixtral's 32k positions
 * would cost 4 GB per sequence.
 */
public final class KvCache {

    private final int layers;
    private final int kvDim;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;

    public KvCache(ModelConfig config, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a KV cache needs room for at least one position, not " + capacity);
        }
        long floats = (long) capacity * config.kvDim();
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a KV cache of " + capacity + " positions × " + config.kvDim()
                    + " floats per layer exceeds one Java array; ask for a shorter context");
        }
        long bytes = 2L * config.layers() * floats * Float.BYTES;
        long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(
                    "a KV cache of %d positions needs %.1f GB but the JVM has about %.1f GB of heap left;"
                            + " ask for a shorter context or raise -Xmx", capacity, bytes / 1e9, free / 1e9));
        }
        this.layers = config.layers();
        this.kvDim = config.kvDim();
        this.capacity = capacity;
        this.keys = new float[layers][(int) floats];
        this.values = new float[layers][(int) floats];
    }

    /** How many positions the cache holds. */
    public int capacity() {
        return capacity;
    }

    public int kvDim() {
        return kvDim;
    }

    /** Layer {@code layer}'s keys; position p's key is at {@code p·kvDim()}. */
    public float[] keys(int layer) {
        return keys[layer];
    }

    public float[] values(int layer) {
        return values[layer];
    }

    /** Stores the key and value of {@code position} in {@code layer}. */
    public void store(int layer, int position, float[] key, float[] value) {
        System.arraycopy(key, 0, keys[layer], position * kvDim, kvDim);
        System.arraycopy(value, 0, values[layer], position * kvDim, kvDim);
    }
}
