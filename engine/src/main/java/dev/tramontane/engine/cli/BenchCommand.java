package dev.tramontane.engine.cli;

import dev.tramontane.engine.model.ActivationPrecision;
import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.WorkerPool;
import dev.tramontane.engine.tensor.VectorSupport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code bench}: tokens per second in llama-bench's two tests. {@code pp N} feeds a prompt of N
 * random tokens into an empty KV cache; {@code tg N} generates N tokens one at a time from an empty
 * cache. Each test runs {@code --reps} times after a short warm-up (the JIT compiles the kernels
 * during it); the median is the figure, min/max/stddev the spread. {@code --threads} sizes the
 * engine's {@link WorkerPool} (it must come before the pool's first use in the process; the figure
 * reported is the pool's actual size).
 */
final class BenchCommand {

    static final String HELP = """
            Usage: tramontane bench --model FILE [--threads N] [--pp N] [--tg N] [--reps N] [--kv-type T]
                                    [--activations A] [--warm-up W] [--repack on|off] [--json]
              Measures prompt processing (pp) and generation (tg) in tokens/s, as llama-bench does:
              random tokens, empty KV cache per repetition, one untimed run of each test
              first, median over repetitions.
              --threads N   worker threads (default: available processors)
              --pp N        prompt tokens per pp run, 0 to skip (default 128)
              --tg N        generated tokens per tg run, 0 to skip (default 32)
              --reps N      repetitions of each test (default 3)
              --seed N      seed of the random tokens (default 1)
              --kv-type T   KV cache type: F16 (default), Q8_0 or F32
              --activations A  q8 (default, as llama.cpp: quantized products take 8-bit
                            activations, integer kernels in decode) or f32 (float activations)
              --warm-up W   when the kernels are compiled on small slices of the file: background
                            (alongside loading and the first token; the default under ./tramontane,
                            whose JIT flags it needs), wait (before the first token, counted in
                            load time) or off (the default without those flags)
              --repack on|off  copy Q4_0, Q8_0 and Q4_K–Q6_K weights into a faster decode layout after loading,
                            counted in load time, as llama.cpp does (default off)
              --json        one JSON object on stdout: pp.tokens_per_s, tg.tokens_per_s (medians),
                            samples, spread, peak RSS, peak heap, load and first-token times,
                            kv_type, kv_bytes_per_token, activations, repack_ms and repacked_bytes
            """;

    private BenchCommand() {}

    /** The timings of one test, tokens per second per repetition. */
    record TestResult(String name, int tokens, double[] tokensPerSecond) {

        double median() {
            double[] s = tokensPerSecond.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(tokensPerSecond).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(tokensPerSecond).max().orElse(Double.NaN);
        }

        double stddev() {
            double mean = Arrays.stream(tokensPerSecond).average().orElse(Double.NaN);
            double ss = Arrays.stream(tokensPerSecond).map(v -> (v - mean) * (v - mean)).sum();
            return tokensPerSecond.length > 1 ? Math.sqrt(ss / (tokensPerSecond.length - 1)) : 0;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokens", tokens);
            m.put("reps", tokensPerSecond.length);
            m.put("tokens_per_s", median());
            m.put("min", min());
            m.put("max", max());
            m.put("stddev", stddev());
            m.put("samples", tokensPerSecond);
            return m;
        }
    }

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        CliArguments args = CliArguments.parse("bench", rawArgs,
                Set.of("--model", "--threads", "--pp", "--tg", "--reps", "--seed", "--kv-type", "--activations", "--warm-up", "--repack"),
                Set.of("--json"),
                Map.of("-m", "--model", "-t", "--threads", "-p", "--pp", "-n", "--tg", "-r", "--reps"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("bench: unexpected argument " + args.positional().getFirst());
        }
        Path modelPath = Path.of(args.require("bench", "--model"));
        int threads = args.getInt("--threads", Runtime.getRuntime().availableProcessors());
        int pp = args.getInt("--pp", 128);
        int tg = args.getInt("--tg", 32);
        int reps = args.getInt("--reps", 3);
        long seed = args.getLong("--seed", 1);
        boolean json = args.has("--json");
        KvCacheType kvType = SamplingOptions.kvCacheType(args, "bench");
        ActivationPrecision activations;
        try {
            activations = args.has("--activations") ? ActivationPrecision.parse(args.get("--activations"))
                    : ActivationPrecision.fromSystemProperty();
        } catch (IllegalArgumentException e) {
            throw new UsageException("bench: --activations: " + e.getMessage());
        }
        ModelLoading.WarmUp warmUp = switch (args.has("--warm-up") ? args.get("--warm-up").toLowerCase(Locale.ROOT) : "default") {
            case "default" -> ModelLoading.WarmUp.byDefault();
            case "background" -> ModelLoading.WarmUp.BACKGROUND;
            case "wait" -> ModelLoading.WarmUp.WAIT;
            case "off" -> ModelLoading.WarmUp.OFF;
            default -> throw new UsageException("bench: --warm-up must be background, wait or off, not " + args.get("--warm-up"));
        };
        boolean repack = SamplingOptions.repack(args, "bench");
        if (threads <= 0 || pp < 0 || tg < 0 || reps <= 0 || pp + tg == 0) {
            throw new UsageException("bench: --threads and --reps must be at least 1, --pp and --tg at least 0, not both 0");
        }

        long startNanos = System.nanoTime();
        System.setProperty("tramontane.threads", Integer.toString(threads));
        threads = WorkerPool.shared().size();
        System.setProperty(ActivationPrecision.PROPERTY, activations.name());
        try (Model model = ModelLoading.load(modelPath, err, kvType, warmUp, repack)) {
            double loadMillis = (System.nanoTime() - startNanos) / 1e6;
            int vocab = model.config().vocabSize();
            SplittableRandom random = new SplittableRandom(seed);
            KvCache cache = model.newKvCache(Math.max(Math.max(pp, tg), 1), kvType);
            // A one-token prompt, timed from the start of the command: what a user waits for.
            model.forward(1 % vocab, 0, cache);
            double firstTokenMillis = (System.nanoTime() - startNanos) / 1e6;
            // The same moment counted from the JVM's own start, which includes its boot and class loading.
            long firstTokenSinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

            List<TestResult> results = new ArrayList<>();
            if (pp > 0) {
                // One untimed run of the same test first, as llama-bench does: the batched kernels
                // compile during it (a 16-token warm-up left the first timed prompt ~20 % slow).
                model.forward(randomTokens(random, pp, vocab), 0, cache);
                double[] samples = new double[reps];
                for (int r = 0; r < reps; r++) {
                    int[] prompt = randomTokens(random, pp, vocab);
                    long t0 = System.nanoTime();
                    model.forward(prompt, 0, cache);
                    samples[r] = pp / ((System.nanoTime() - t0) / 1e9);
                    progress(err, json, "pp" + pp, r, reps, samples[r]);
                }
                results.add(new TestResult("pp" + pp, pp, samples));
            }
            if (tg > 0) {
                int[] warm = randomTokens(random, Math.min(tg, 4), vocab);
                generate(model, cache, warm);
                double[] samples = new double[reps];
                for (int r = 0; r < reps; r++) {
                    int[] tokens = randomTokens(random, tg, vocab);
                    long t0 = System.nanoTime();
                    generate(model, cache, tokens);
                    samples[r] = tg / ((System.nanoTime() - t0) / 1e9);
                    progress(err, json, "tg" + tg, r, reps, samples[r]);
                }
                results.add(new TestResult("tg" + tg, tg, samples));
            }

            long peakRss = peakRssBytes();
            long peakHeap = peakHeapBytes();
            long kvBytes = cache.bytes();
            long kvBytesPerToken = kvType.bytesPerPosition(model.config());
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("engine", "tramontane " + TramontaneCli.version());
                o.put("model", modelPath.toString());
                o.put("model_bytes", Files.size(modelPath));
                o.put("threads", threads);
                o.put("kernels", VectorSupport.describe());
                o.put("java", Runtime.version().toString());
                for (TestResult r : results) {
                    o.put(r.name().substring(0, 2), r.toJson());
                }
                o.put("load_ms", loadMillis);
                o.put("warm_up_ms", model.warmUpNanos() / 1e6);
                o.put("first_token_ms", firstTokenMillis);
                o.put("first_token_since_jvm_start_ms", firstTokenSinceJvmStart);
                o.put("warm_up", warmUp.name().toLowerCase(Locale.ROOT));
                o.put("repack", repack);
                o.put("repack_ms", model.repackNanos() / 1e6);
                o.put("repacked_bytes", model.repackedBytes());
                o.put("peak_rss_bytes", peakRss);
                o.put("peak_heap_bytes", peakHeap);
                o.put("kv_type", kvType.name());
                o.put("kv_bytes_per_token", kvBytesPerToken);
                o.put("activations", model.transformer().activationPrecision().name());
                o.put("kv_cache_bytes", kvBytes);
                out.println(new ObjectMapper().writeValueAsString(o));
            } else {
                out.printf(Locale.ROOT, "model %s (%s), %d threads, KV cache %s (%d bytes per token), %s activations, kernels: %s%n",
                        modelPath.getFileName(), Sizes.bytes(Files.size(modelPath)), threads, kvType, kvBytesPerToken,
                        model.transformer().activationPrecision(), VectorSupport.describe());
                out.printf(Locale.ROOT, "| %-6s | %12s | %12s | %10s | %10s |%n", "test", "t/s (median)", "± stddev", "min", "max");
                for (TestResult r : results) {
                    out.printf(Locale.ROOT, "| %-6s | %12.2f | %12.2f | %10.2f | %10.2f |%n", r.name(), r.median(),
                            r.stddev(), r.min(), r.max());
                }
                if (repack) {
                    out.printf(Locale.ROOT, "repacked %s in %.0f ms (part of the load)%n", Sizes.bytes(model.repackedBytes()), model.repackNanos() / 1e6);
                }
                out.printf(Locale.ROOT, "load %.0f ms (kernel warm-up %s), first token %.0f ms after start (%d ms after the JVM's start);"
                                + " peak RSS %s, peak heap %s (KV cache %s)%n",
                        loadMillis, warmUp == ModelLoading.WarmUp.WAIT ? String.format(Locale.ROOT, "%.0f ms of it", model.warmUpNanos() / 1e6)
                                : warmUp.name().toLowerCase(Locale.ROOT),
                        firstTokenMillis, firstTokenSinceJvmStart, Sizes.bytes(peakRss), Sizes.bytes(peakHeap), kvType + " " + Sizes.bytes(kvBytes));
            }
            return 0;
        }
    }

    /** Generation as llama-bench times it: one token per forward pass, positions 0, 1, 2 … */
    private static void generate(Model model, KvCache cache, int[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            model.forward(tokens[i], i, cache);
        }
    }

    private static int[] randomTokens(SplittableRandom random, int n, int vocab) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(vocab);
        }
        return tokens;
    }

    private static void progress(PrintStream err, boolean json, String test, int rep, int reps, double tps) {
        err.printf(Locale.ROOT, "%s run %d/%d: %.2f t/s%n", test, rep + 1, reps, tps);
    }

    /** The resident set's high-water mark (VmHWM of /proc/self/status), or -1 where there is no /proc. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The sum of the heap pools' peak usage since the JVM started. */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
