import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's memory read bandwidth, the ceiling of decode speed: THREADS threads each sum their
 * share of a 1 GiB off-heap buffer (far larger than any cache), best of 5 passes.
 * Run: java docs/bench/ReadBandwidth.java [THREADS]
 */
public class ReadBandwidth {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        long bytes = 1L << 30;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            for (long i = 0; i < bytes; i += 8) {
                buffer.set(ValueLayout.JAVA_LONG, i, i);
            }
            double best = 0;
            long[] sink = new long[threads];
            for (int pass = 0; pass < 6; pass++) {
                List<Thread> workers = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    long from = bytes / threads * t;
                    long to = bytes / threads * (t + 1);
                    Thread w = new Thread(() -> {
                        long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                        for (long i = from; i < to; i += 32) {
                            s0 += buffer.get(ValueLayout.JAVA_LONG, i);
                            s1 += buffer.get(ValueLayout.JAVA_LONG, i + 8);
                            s2 += buffer.get(ValueLayout.JAVA_LONG, i + 16);
                            s3 += buffer.get(ValueLayout.JAVA_LONG, i + 24);
                        }
                        sink[id] = s0 + s1 + s2 + s3;
                    });
                    workers.add(w);
                    w.start();
                }
                for (Thread w : workers) {
                    w.join();
                }
                double gbs = bytes / ((System.nanoTime() - start) / 1e9) / 1e9;
                if (pass > 0) { // the first pass warms the JIT
                    best = Math.max(best, gbs);
                }
            }
            System.out.printf("read bandwidth, %d threads: %.1f GB/s (best of 5 passes over 1 GiB; checksum %d)%n",
                    threads, best, java.util.Arrays.stream(sink).sum());
        }
    }
}
