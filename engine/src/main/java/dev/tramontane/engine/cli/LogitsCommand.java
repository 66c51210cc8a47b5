package dev.tramontane.engine.cli;

import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code logits}: the raw numbers, in the fixtures' JSON layout, for comparing with llama.cpp.
 * Feeds the prompt one token at a time and records after each the {@code --top} highest logits and
 * the log-sum-exp; then feeds {@code --gen} greedy tokens the same way.
 */
final class LogitsCommand {

    static final String HELP = """
            Usage: tramontane logits --model FILE (--prompt TEXT | --tokens 1,2,3) [--top K] [--gen N]
              Prints JSON: n_vocab, prompt_tokens, positions[].top ([id, logit], highest first),
              positions[].logsumexp, greedy (N greedy tokens), generated_positions, greedy_text_hex.
              --prompt TEXT   tokenized with BOS, special-token text parsed (as llama.cpp's tools do)
              --tokens LIST   token ids, comma-separated, used as given
              --top K         logits per position (default 8)
              --gen N         greedy tokens after the prompt (default 0)
              --kv-type T     KV cache type: F16 (default, as llama.cpp), Q8_0 or F32
            """;

    private LogitsCommand() {}

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        CliArguments args = CliArguments.parse("logits", rawArgs, Set.of("--model", "--prompt", "--tokens", "--top", "--gen", "--kv-type"),
                Set.of(), Map.of("-m", "--model", "-p", "--prompt"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("logits: unexpected argument " + args.positional().getFirst());
        }
        if (args.has("--prompt") == args.has("--tokens")) {
            throw new UsageException("logits: give either --prompt TEXT or --tokens 1,2,3");
        }
        Path modelPath = Path.of(args.require("logits", "--model"));
        int top = args.getInt("--top", 8);
        int gen = args.getInt("--gen", 0);
        if (top <= 0 || gen < 0) {
            throw new UsageException("logits: --top must be at least 1 and --gen at least 0");
        }
        try (Model model = ModelLoading.load(modelPath, err)) {
            Tokenizer tokenizer = model.tokenizer();
            int[] prompt = args.has("--prompt")
                    ? tokenizer.encode(args.get("--prompt"), tokenizer.vocabulary().addBos(), true)
                    : parseTokens(args.get("--tokens"), model.config().vocabSize());
            if (prompt.length == 0) {
                throw new UsageException("logits: the prompt has no tokens");
            }
            int positions = prompt.length + gen;
            if (positions > model.config().contextLength()) {
                throw new UsageException("logits: " + positions + " positions exceed the model's context of " + model.config().contextLength());
            }
            KvCache cache = model.newKvCache(positions, SamplingOptions.kvCacheType(args, "logits"));
            List<Map<String, Object>> promptPositions = new ArrayList<>();
            float[] logits = null;
            for (int i = 0; i < prompt.length; i++) {
                logits = model.forward(prompt[i], i, cache);
                promptPositions.add(summary(logits, top));
            }
            int[] greedy = new int[gen];
            List<Map<String, Object>> generatedPositions = new ArrayList<>();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int j = 0; j < gen; j++) {
                greedy[j] = argmax(logits);
                text.writeBytes(tokenizer.pieceBytes(greedy[j], false));
                logits = model.forward(greedy[j], prompt.length + j, cache);
                generatedPositions.add(summary(logits, top));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("n_vocab", model.config().vocabSize());
            json.put("prompt_tokens", prompt);
            json.put("positions", promptPositions);
            json.put("generated_positions", generatedPositions);
            json.put("greedy", greedy);
            json.put("greedy_text_hex", HexFormat.of().formatHex(text.toByteArray()));
            out.println(new ObjectMapper().writeValueAsString(json));
            out.flush();
        }
        return 0;
    }

    static int[] parseTokens(String list, int vocabSize) {
        try {
            int[] ids = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            for (int id : ids) {
                if (id < 0 || id >= vocabSize) {
                    throw new UsageException("logits: token id " + id + " is outside the vocabulary of " + vocabSize);
                }
            }
            return ids;
        } catch (NumberFormatException e) {
            throw new UsageException("logits: --tokens needs comma-separated ids, not \"" + list + "\"");
        }
    }

    /** {@code {"top": [[id, logit], …], "logsumexp": …}} with the highest logits first (lower id on ties). */
    static Map<String, Object> summary(float[] logits, int top) {
        int k = Math.min(top, logits.length);
        Integer[] ids = new Integer[logits.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        List<Object[]> best = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            best.add(new Object[] {ids[i], logits[ids[i]]});
        }
        double max = logits[ids[0]];
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("top", best);
        position.put("logsumexp", (float) (max + Math.log(sum)));
        return position;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
