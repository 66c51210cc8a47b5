package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;

/**
 * Throughput of the weight kernels, printed as a table: matvec (decode) in GB/s of weights read and
 * G weights/s, and the batched matmul (prefill) in token·rows/s, with 1 and more threads, per type,
 * on a matrix bigger than any cache (default 14336 × 4096, an expert's gate/up shape), so that
 * matvec figures include the trip to memory as decode does. Not a test: speed is measured by this
 * command, and docs/benchmarks.md records its output.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/classes \
 *     dev.tramontane.engine.tensor.KernelBenchmark [--types Q4_0,Q8_0] [--threads 1,2]
 *     [--rows 14336] [--cols 4096] [--batch 128] [--matmul-rows 512] [--seconds 1.5] [--scalar] [--q8] [--repack]
 * </pre>
 *
 * The matrix is made by quantizing 64 rows of Gaussian weights and repeating their bytes, which
 * keeps start-up short; each row still lives at its own address, so the cache sees the full size.
 */
public final class KernelBenchmark {

    private static final int DISTINCT_ROWS = 64;

    private KernelBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<GgmlType> types = new ArrayList<>(List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0,
                GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K));
        int[] threads = {1, 2};
        int rows = 14336, cols = 4096, batch = 128, matmulRows = 512;
        double seconds = 1.5;
        boolean scalar = false;
        boolean q8 = false;
        boolean repack = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--types" -> types = Arrays.stream(args[++i].split(",")).map(GgmlType::valueOf).toList();
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--matmul-rows" -> matmulRows = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--scalar" -> scalar = true;
                case "--q8" -> q8 = true;
                case "--repack" -> repack = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --types T,.. --threads N,.. --rows N --cols N --batch N --matmul-rows N --seconds S --scalar --q8 --repack");
            }
        }
        System.out.println(VectorSupport.describe() + (scalar ? "; scalar kernels" : ""));
        System.out.printf(Locale.ROOT, "matvec %d x %d, matmul batch %d over %d rows, %.1f s per figure, best repetition%n",
                rows, cols, batch, matmulRows, seconds);
        System.out.printf(Locale.ROOT, "%-6s %7s %12s %14s %22s%s%n", "type", "threads", "matvec GB/s", "matvec Gw/s", "matmul tok·rows/s (M)",
                q8 ? String.format(Locale.ROOT, " %16s", "matvecQ8 Gw/s") : "");
        try (Arena arena = Arena.ofShared()) {
            for (GgmlType type : types) {
                WeightMatrix m = matrix(arena, type, rows, cols, scalar);
                if (repack && m.repackedBytes() > 0) {
                    MemorySegment copy = arena.allocate(m.repackedBytes(), 64);
                    m.repackRows(copy, 0, rows);
                    m.useRepacked(copy);
                    System.out.println(type + ": repacked (" + m.repackedBytes() + " bytes)");
                }
                long bytes = type.byteSize((long) rows * cols);
                for (int n : threads) {
                    double matvec = bestSeconds(m, n, seconds, 1, rows);
                    double matmul = bestSeconds(m, n, seconds, batch, Math.min(matmulRows, rows));
                    String q8Column = q8 ? String.format(Locale.ROOT, " %16.2f", (double) rows * cols / bestSeconds(m, n, seconds, 0, rows) / 1e9) : "";
                    System.out.printf(Locale.ROOT, "%-6s %7d %12.2f %14.2f %22.2f%s%n", type, n, bytes / matvec / 1e9,
                            (double) rows * cols / matvec / 1e9, (double) batch * Math.min(matmulRows, rows) / matmul / 1e6, q8Column);
                }
            }
        }
    }

    private static WeightMatrix matrix(Arena arena, GgmlType type, int rows, int cols, boolean scalar) {
        Random random = new Random(42);
        float[] w = new float[DISTINCT_ROWS * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        byte[] pattern = Quantizer.quantize(type, w);
        long size = type.byteSize((long) rows * cols);
        MemorySegment data = arena.allocate(size, 64);
        MemorySegment source = MemorySegment.ofArray(pattern);
        for (long at = 0; at < size; at += pattern.length) {
            MemorySegment.copy(source, 0, data, at, Math.min(pattern.length, size - at));
        }
        return scalar ? WeightMatrices.scalar(type, data, rows, cols) : WeightMatrices.fast(type, data, rows, cols);
    }

    /**
     * The fastest of repeated runs (after a warm-up of the same length) of one product over
     * {@code [0, rows)}, split into {@code threads} equal row ranges; batch 1 is a matvec, batch 0 a
     * matvec on 8-bit activations ({@link WeightMatrix#matvecQ8}, the vector quantized once beforehand).
     */
    private static double bestSeconds(WeightMatrix m, int threads, double seconds, int batch, int rows) throws Exception {
        int cols = m.cols();
        Random random = new Random(7);
        float[] x = new float[Math.max(batch, 1) * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[Math.max(batch, 1) * m.rows()];
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        boolean[] stop = {false};
        Thread[] workers = new Thread[threads];
        for (int p = 0; p < threads; p++) {
            int from = (int) ((long) rows * p / threads), to = (int) ((long) rows * (p + 1) / threads);
            workers[p] = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        start.await();
                        if (stop[0]) {
                            return;
                        }
                        if (batch == 0) {
                            m.matvecQ8(x, xq, out, from, to);
                        } else if (batch == 1) {
                            m.matvec(x, out, from, to);
                        } else {
                            m.matmul(x, cols, batch, out, m.rows(), from, to);
                        }
                        end.await();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        double best = Double.MAX_VALUE;
        for (int phase = 0; phase < 2; phase++) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            int reps = 0;
            while (reps < 3 || System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                start.await();
                end.await();
                double took = (System.nanoTime() - t0) / 1e9;
                if (phase == 1) {
                    best = Math.min(best, took);
                }
                reps++;
            }
        }
        stop[0] = true;
        start.await();
        for (Thread w : workers) {
            w.join();
        }
        return best;
    }
}
