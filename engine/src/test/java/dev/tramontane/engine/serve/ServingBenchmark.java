package dev.tramontane.engine.serve;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The measurements in docs/serving.md (not a test; run by hand):
 * throughput and time to first token of 16 requests at concurrency 1, 4 and 16, and time to first
 * token of a long repeated prompt with the prompt cache off and on.
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt) \
 *     dev.tramontane.engine.serve.ServingBenchmark ../shared/fixtures/models/tiny-mixtral-q4_k_m.gguf 64
 * </pre>
 * ({@code cp.txt} from {@code ./mvnw -pl engine dependency:build-classpath -Dmdep.outputFile=cp.txt}.)
 */
public final class ServingBenchmark {

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int maxTokens = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int requests = 16;
        try (Model model = Model.load(file)) {
            int[] prompt = model.tokenizer().encode("Once upon a time, there was a little girl who", true, false);
            for (int concurrency : new int[] {1, 4, 16}) {
                for (int run = 0; run < 2; run++) { // the first run warms the JIT up
                    throughput(model, prompt, requests, maxTokens, concurrency);
                }
            }
            String shared = "The sun was warm and the birds sang in the tall green trees. ".repeat(20);
            for (long cacheBytes : new long[] {0, 64L << 20}) {
                ServiceConfig config = ServiceConfig.defaults().withContextLength(1024).withMaxConcurrentSequences(1)
                        .withPromptCacheBytes(cacheBytes);
                try (InferenceService service = new InferenceService(model, config)) {
                    double ttftMillis = 0;
                    int length = 0;
                    for (int i = 0; i < 6; i++) {
                        int[] p = model.tokenizer().encode(shared + "Question " + i + ": what happened?", true, false);
                        length = p.length;
                        GenerationResult r = service.submit(new GenerationRequest(p, SamplingParams.greedy().withMaxTokens(4)))
                                .result().get();
                        if (i > 0) {
                            ttftMillis += r.timeToFirstTokenNanos() / 1e6;
                        }
                    }
                    System.out.printf("prompt of %d tokens, prompt cache %s: mean time to first token of requests 2-6 %.1f ms, %d hits%n",
                            length, cacheBytes == 0 ? "off" : "on", ttftMillis / 5, service.stats().promptCache().hits());
                }
            }
        }
    }

    private static void throughput(Model model, int[] prompt, int requests, int maxTokens, int concurrency) throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withContextLength(512).withMaxConcurrentSequences(concurrency)
                .withPromptCacheBytes(0);
        try (InferenceService service = new InferenceService(model, config)) {
            long start = System.nanoTime();
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                handles.add(service.submit(new GenerationRequest(prompt, SamplingParams.defaults().withSeed(i).withMaxTokens(maxTokens))));
            }
            long tokens = 0;
            List<Double> ttft = new ArrayList<>();
            for (GenerationHandle h : handles) {
                GenerationResult r = h.result().get();
                tokens += r.usage().completionTokens();
                ttft.add(r.timeToFirstTokenNanos() / 1e6);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Collections.sort(ttft);
            System.out.printf("concurrency %2d: %d requests, %d tokens in %.2f s = %.0f tokens/s; time to first token p50 %.0f ms, p95 %.0f ms%n",
                    concurrency, requests, tokens, seconds, tokens / seconds, ttft.get(requests / 2), ttft.get((int) (requests * 0.95)));
        }
    }
}
