package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Repacks, once after loading, the matrices that decoding multiplies into the faster layouts their
 * types offer ({@link WeightMatrix#repackedBytes}; today Q4_0, Q8_0, Q4_K, Q5_K and Q6_K, eight rows
 * interleaved). The copy
 * lives off the heap ({@link OffHeapMemory}) in an arena the model closes; the rows of each matrix are split over the
 * worker pool, and a matrix switches to its copy only once the copy is whole. Done before the first
 * token, not beside it, so that every token of a run goes through the same kernels and a fixed seed
 * gives the same text (the two layouts round their sums in different orders).
 */
final class WeightRepacking {

    /** What one repacking did. */
    record Result(int matrices, long bytes, long nanos) {}

    private WeightRepacking() {}

    /** Repacks every matrix of {@code weights} that has a repacked layout, in memory freed when {@code arena} closes. */
    static Result run(ModelWeights weights, Arena arena, WorkerPool pool) {
        return run(weights, bytes -> OffHeapMemory.allocate(arena, bytes), pool);
    }

    /**
     * {@link #run(ModelWeights, Arena, WorkerPool)} with the copies' memory from {@code allocator}.
     * If it runs out, the matrices repacked so far keep their copies and the others their file
     * layout (both give correct products), and an {@link IllegalStateException} says how much was missing.
     */
    static Result run(ModelWeights weights, LongFunction<MemorySegment> allocator, WorkerPool pool) {
        long start = System.nanoTime();
        int matrices = 0;
        long bytes = 0;
        Map<GgmlType, WeightMatrix> firstOfType = new LinkedHashMap<>();
        for (WeightMatrix m : decodeMatrices(weights)) {
            long size = m.repackedBytes();
            if (size == 0) {
                continue;
            }
            MemorySegment target;
            try {
                target = allocator.apply(size);
            } catch (OutOfMemoryError e) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "not enough memory to repack the weights: %.1f MiB more were needed after %.1f MiB;"
                                + " run without --repack", size / 1048576.0, bytes / 1048576.0), e);
            }
            int groups = m.rows() / WeightMatrix.REPACK_ROWS;
            pool.run((part, parts) -> m.repackRows(target,
                    (int) ((long) groups * part / parts) * WeightMatrix.REPACK_ROWS,
                    (int) ((long) groups * (part + 1) / parts) * WeightMatrix.REPACK_ROWS));
            m.useRepacked(target);
            firstOfType.putIfAbsent(m.type(), m);
            matrices++;
            bytes += size;
        }
        firstOfType.values().forEach(WeightRepacking::compileKernel);
        return new Result(matrices, bytes, System.nanoTime() - start);
    }

    /** Calls of the repacked kernel made right after repacking; under the launcher's flags C2 compiles it after about a thousand. */
    private static final int WARM_UP_CALLS = 2_000;

    /**
     * Runs {@code m}'s repacked kernel on its first group of rows until C2 has compiled it, so the
     * first tokens do not run it interpreted (the kernel warm-up of {@link KernelWarmUp} warms the
     * file's layout only): 2,000 calls of eight rows, well under a second (the first ones run interpreted).
     */
    private static void compileKernel(WeightMatrix m) {
        float[] x = new float[m.cols()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 - 3) * 0.25f;
        }
        Q8Activations xq = new Q8Activations(m.cols());
        xq.quantize(x, 0);
        float[] out = new float[WeightMatrix.REPACK_ROWS];
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            m.matvecQ8(x, xq, out, 0, WeightMatrix.REPACK_ROWS);
        }
    }

    /** The matrices a forward pass multiplies, in its order; not the token embedding unless it is also the output, since it is only looked up. */
    static List<WeightMatrix> decodeMatrices(ModelWeights weights) {
        List<WeightMatrix> all = new ArrayList<>();
        for (LayerWeights layer : weights.layers()) {
            for (WeightMatrix m : new WeightMatrix[] {layer.wq(), layer.wk(), layer.wv(), layer.wo(), layer.router()}) {
                if (m != null) {
                    all.add(m);
                }
            }
            for (FeedForward f : layer.experts()) {
                all.add(f.gate());
                all.add(f.up());
                all.add(f.down());
            }
        }
        all.add(weights.output());
        return all;
    }
}
