package dev.tramontane.engine.serve;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Batched decode" figures of docs/benchmarks.md (not a test; run by hand): aggregate decode
 * tokens/s of N sequences generating side by side through {@link InferenceService}, for each N given.
 * All N requests are submitted at once with the same short prompt, so after their prompts every
 * scheduler step is one {@code forwardBatch} of N tokens. Decode time is counted from the last
 * sequence's first token to the last sequence's end, so prompt processing is left out.
 *
 * <pre>
 * ./mvnw -B -q -o -pl engine test-compile
 * java --add-modules jdk.incubator.vector -Dtramontane.threads=2 \
 *     -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt) \
 *     dev.tramontane.engine.serve.BatchedDecodeBenchmark /work/perf-models/mixtral-2l-Q4_0.gguf 8 1 4 8
 * </pre>
 * (arguments: model, tokens generated per sequence, then the values of N; {@code cp.txt} from
 * {@code ./mvnw -pl engine dependency:build-classpath -Dmdep.outputFile=cp.txt}.)
 */
public final class BatchedDecodeBenchmark {

    private BatchedDecodeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int maxTokens = Integer.parseInt(args[1]);
        try (Model model = Model.load(file)) {
            int[] prompt = model.tokenizer().encode("Once upon a time", true, false);
            decode(model, prompt, 4, 8, false); // warms the JIT up on the batched path
            for (int i = 2; i < args.length; i++) {
                decode(model, prompt, Integer.parseInt(args[i]), maxTokens, true);
            }
        }
    }

    private static void decode(Model model, int[] prompt, int n, int maxTokens, boolean print) throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withContextLength(prompt.length + maxTokens + 8)
                .withMaxConcurrentSequences(n).withPromptCacheBytes(0);
        try (InferenceService service = new InferenceService(model, config)) {
            long start = System.nanoTime();
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                handles.add(service.submit(new GenerationRequest(prompt,
                        SamplingParams.defaults().withSeed(i).withMaxTokens(maxTokens))));
            }
            long lastFirstToken = 0;
            long decodedTokens = 0;
            for (GenerationHandle h : handles) {
                GenerationResult r = h.result().get();
                lastFirstToken = Math.max(lastFirstToken, r.timeToFirstTokenNanos());
                decodedTokens += r.usage().completionTokens() - 1;
            }
            double seconds = (System.nanoTime() - start - lastFirstToken) / 1e9;
            if (print) {
                System.out.printf("N = %d: %d tokens decoded after the first ones in %.2f s = %.2f tokens/s aggregate (%.2f per sequence)%n",
                        n, decodedTokens, seconds, decodedTokens / seconds, decodedTokens / seconds / n);
            }
        }
    }
}
