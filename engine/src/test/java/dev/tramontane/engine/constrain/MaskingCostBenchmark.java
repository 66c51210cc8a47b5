package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tramontane.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * Measures what {@link JsonConstraint#mask} costs per token on the real 32k Mistral vocabulary, at
 * structural positions and inside free strings. Not part of the normal suite (it takes a while):
 * run with {@code TRAMONTANE_BENCH=1 ./mvnw -B -q -pl engine test -Dtest=MaskingCostBenchmark};
 * the table it prints is in docs/serving.md.
 */
class MaskingCostBenchmark {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static final String PERSON = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"b\"]}}},"
            + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

    @Test
    void printsTheMaskingCostPerTokenOnTheMistralVocabulary() {
        assumeTrue(System.getenv("TRAMONTANE_BENCH") != null, "benchmark: set TRAMONTANE_BENCH=1 to run");
        Tokenizer tokenizer = TestTokenizers.mistral();
        long t0 = System.nanoTime();
        TokenTrie trie = TokenTrie.of(tokenizer);
        long buildMicros = (System.nanoTime() - t0) / 1000;
        System.out.printf("trie: %d tokens, %d nodes, longest token %d bytes, built in %d ms%n",
                trie.tokenCount(), trie.nodeCount(), trie.maxTokenBytes(), buildMicros / 1000);
        JsonSchemaConstraint person = JsonSchemaConstraint.compile(PERSON, tokenizer);
        JsonSchemaConstraint any = JsonSchemaConstraint.anyJson(tokenizer);
        JsonSchemaConstraint tools = JsonSchemaConstraint.compile(ToolCallDecodingTest.toolCallSchema(), tokenizer);
        System.out.println("| schema | position (text so far) | allowed tokens | mask CPU µs, full trie walk | mask CPU µs, as generated (string cache) |");
        System.out.println("|---|---|---|---|---|");
        measure(person, "object schema", "");
        measure(person, "object schema", "{\"name\":\"x\",");
        measure(person, "object schema", "{\"name\":\"x\",\"age\":12");
        measure(person, "object schema", "{\"name\":\"Jo");
        measure(any, "any JSON", "");
        measure(any, "any JSON", "{\"k\":[1,");
        measure(any, "any JSON", "{\"text\":\"Il était une fois");
        measure(tools, "tool call (anyOf of 4 tools)", "");
        measure(tools, "tool call (anyOf of 4 tools)", "{\"name\":\"");
        measure(tools, "tool call (anyOf of 4 tools)", "{\"name\":\"search_documents\",\"arguments\":{\"query\":\"Wetter in");
        System.out.println();
        System.out.println("| schema | run | mask CPU µs/token | worst token |");
        System.out.println("|---|---|---|---|");
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            measureGenerations(tools, "tool call (anyOf of 4 tools)", 30);
            measureGenerations(person, "object schema", 30);
            measureGenerations(any, "any JSON", 30);
        }
    }

    /**
     * Whole generations: random-logit "models" decode tool calls and free-form JSON; the mean and
     * the worst mask cost over every token, as a generator meets them (string cache included).
     */
    private static void measureGenerations(JsonSchemaConstraint compiled, String what, int runs) {
        Tokenizer tokenizer = compiled.tokenizer();
        long total = 0;
        long worst = 0;
        int tokens = 0;
        for (int seed = 0; seed < runs; seed++) {
            JsonConstraint c = compiled.start(200);
            RandomLogits model = new RandomLogits(seed, tokenizer.vocabSize(), tokenizer.eos());
            while (!c.isComplete()) {
                float[] logits = model.next();
                long t0 = CPU.getCurrentThreadCpuTime();
                c.mask(logits);
                long spent = CPU.getCurrentThreadCpuTime() - t0;
                total += spent;
                worst = Math.max(worst, spent);
                tokens++;
                int token = argmax(logits);
                c.accept(token);
                if (token == tokenizer.eos()) {
                    break;
                }
            }
        }
        System.out.printf("| %s | %d generations, %d tokens | mean %.0f µs | worst %.0f µs |%n",
                what, runs, tokens, total / 1000.0 / tokens, worst / 1000.0);
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void measure(JsonSchemaConstraint compiled, String what, String prefix) {
        Tokenizer tokenizer = compiled.tokenizer();
        JsonConstraint c = compiled.start(4096);
        for (int t : tokenizer.encode(prefix, false, false)) {
            c.accept(t);
        }
        assertThat(c.text().strip()).isEqualTo(prefix); // encode adds SentencePiece's leading space, which the grammar allows
        float[] logits = new float[tokenizer.vocabSize()];
        for (int i = 0; i < 1000; i++) {
            c.maskWithoutCache(logits);
        }
        int rounds = 1000;
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            c.maskWithoutCache(logits);
        }
        double walk = (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / rounds;
        start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            c.mask(logits);
        }
        double cached = (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / rounds;
        System.out.printf("| %s | `%s` | %d | %.0f | %.0f |%n", what, prefix, c.allowedCount(), walk, cached);
    }
}
