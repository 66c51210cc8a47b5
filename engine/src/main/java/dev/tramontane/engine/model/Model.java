package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufFormatException;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model ready to run: the mapped GGUF file, its configuration, its weights and the forward pass.
 * Closing the model unmaps the file; the weights must not be used afterwards.
 *
 * <pre>{@code
 * try (Model model = Model.load(path)) {
 *     KvCache cache = model.newKvCache(512);
 *     float[] logits = model.forward(model.tokenizer().bos(), 0, cache);
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {

    private final GgufFile file;
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Transformer transformer;
    private volatile Tokenizer tokenizer;
    private volatile long warmUpNanos;
    private volatile boolean closing;
    private final List<CompletableFuture<Long>> backgroundWarmUps = new CopyOnWriteArrayList<>();
    /** Holds the repacked weights ({@link #repack}); closed with the model. */
    private final Arena repacked = Arena.ofShared();
    /** What {@link #repack} did; null before it is called. */
    private WeightRepacking.Result repacking;

    private Model(GgufFile file, ModelConfig config, ModelWeights weights, ActivationPrecision activations) {
        this.file = file;
        this.config = config;
        this.weights = weights;
        this.transformer = new Transformer(config, weights, activations);
    }

    /**
     * Maps {@code path} and builds the model. Only the tensor directory and the norm vectors are
     * read; weights stay in the mapping, so this takes milliseconds even for large files.
     *
     * @throws IOException         if the file cannot be read
     * @throws GgufFormatException if it is not a usable llama-architecture model (message says why)
     */
    public static Model load(Path path) throws IOException {
        return load(path, ActivationPrecision.fromSystemProperty());
    }

    /** As {@link #load(Path)}, with quantized products taking their activations in {@code activations} precision. */
    public static Model load(Path path, ActivationPrecision activations) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            ModelConfig config = ModelConfig.from(file);
            return new Model(file, config, WeightsLoader.load(file, config), activations);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public GgufFile gguf() {
        return file;
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    public Transformer transformer() {
        return transformer;
    }

    /** The tokenizer stored in the file's metadata, built on first use. */
    public Tokenizer tokenizer() {
        Tokenizer t = tokenizer;
        if (t == null) {
            t = Tokenizer.fromGguf(file.metadata());
            tokenizer = t;
        }
        return t;
    }

    /** A KV cache in the default type (F16) for one sequence of up to {@code contextLength} positions. */
    public KvCache newKvCache(int contextLength) {
        return transformer.newKvCache(contextLength);
    }

    /** A KV cache of {@code type} for one sequence of up to {@code contextLength} positions. */
    public KvCache newKvCache(int contextLength, KvCacheType type) {
        return transformer.newKvCache(contextLength, type);
    }

    /** See {@link Transformer#forward(int, int, KvCache)}. */
    public float[] forward(int token, int position, KvCache cache) {
        return transformer.forward(token, position, cache);
    }

    /** See {@link Transformer#forward(int, int, KvCache, float[])}. */
    public float[] forward(int token, int position, KvCache cache, float[] logits) {
        return transformer.forward(token, position, cache, logits);
    }

    /** See {@link Transformer#forward(int[], int, KvCache)}. */
    public float[] forward(int[] tokens, int firstPosition, KvCache cache) {
        return transformer.forward(tokens, firstPosition, cache);
    }

    /**
     * Compiles the kernels this model's weight types and a {@code kvType} cache use, on small slices
     * of the mapped file ({@link KernelWarmUp}), on the calling thread, so that the first token runs
     * at speed; returns the nanoseconds it took. Optional: without it the first tokens are slow, not wrong.
     */
    public long warmUp(KvCacheType kvType) {
        long nanos = KernelWarmUp.run(file, KernelWarmUp.weightTypes(weights), kvType, transformer.activationPrecision());
        warmUpNanos += nanos;
        return nanos;
    }

    /**
     * Starts {@link #warmUp}'s work on a background thread and returns at once, so that the
     * kernels reach the JIT's compile queue while the file's tokenizer is built and the first token
     * is computed ({@link KernelWarmUp#start}); the future completes with the nanoseconds it took.
     * Not counted in {@link #warmUpNanos}. {@link #close} stops it and waits for it.
     */
    public CompletableFuture<Long> warmUpInBackground(KvCacheType kvType) {
        CompletableFuture<Long> started = KernelWarmUp.start(file, KernelWarmUp.weightTypes(weights), kvType,
                transformer.activationPrecision(), () -> closing);
        backgroundWarmUps.add(started);
        return started;
    }

    /** Nanoseconds spent in {@link #warmUp} so far (0 if never called), for {@code bench}. */
    public long warmUpNanos() {
        return warmUpNanos;
    }

    /**
     * Copies the weights that have a faster decode layout into it (Q4_0, Q8_0, Q4_K, Q5_K and Q6_K: eight rows
     * interleaved, docs/engine.md, "Repacking") on the worker pool, and switches them over; returns
     * the bytes copied. Call it before generating, not during: the new kernels round differently,
     * so a generation that straddled the switch would not be reproducible. A second call does
     * nothing.
     *
     * @throws IllegalStateException if the copy does not fit in memory (the message says how much it
     *                               needed); matrices already switched stay switched and correct
     */
    public synchronized long repack() {
        if (repacking == null) {
            repacking = WeightRepacking.run(weights, repacked, WorkerPool.shared());
        }
        return repacking.bytes();
    }

    /** Bytes copied by {@link #repack} (0 if never called or nothing to repack). */
    public synchronized long repackedBytes() {
        return repacking == null ? 0 : repacking.bytes();
    }

    /** Nanoseconds {@link #repack} took (0 if never called). */
    public synchronized long repackNanos() {
        return repacking == null ? 0 : repacking.nanos();
    }

    /** Parameter counts and sizes, for {@code inspect}. */
    public ModelSummary summary() {
        return ModelSummary.of(file, config);
    }

    /** Stops a background warm-up (it reads the mapping) and waits for it, frees the repacked weights, then unmaps the file. */
    @Override
    public void close() {
        closing = true;
        for (CompletableFuture<Long> warmUp : backgroundWarmUps) {
            try {
                warmUp.join();
            } catch (RuntimeException e) {
                // a failed warm-up only cost time; closing goes on
            }
        }
        synchronized (this) {
            if (repacked.scope().isAlive()) {
                repacked.close();
            }
        }
        file.close();
    }
}
