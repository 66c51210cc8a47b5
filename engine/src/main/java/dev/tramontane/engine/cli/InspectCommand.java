package dev.tramontane.engine.cli;

import dev.tramontane.engine.gguf.GgufArray;
import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.gguf.GgufValue;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.ModelConfig;
import dev.tramontane.engine.model.ModelSummary;
import dev.tramontane.engine.chat.ChatTemplates;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import dev.tramontane.engine.tokenizer.Vocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code inspect FILE}: what a GGUF file holds and what running it costs: metadata, every tensor
 * with its type and shape, parameter counts (for a mixture of experts also the parameters one
 * token actually uses) and memory (mapped weights plus the KV cache per token of context).
 */
final class InspectCommand {

    static final String HELP = """
            Usage: tramontane inspect FILE [--all-metadata]
              Shows a GGUF file's metadata, tensors (type, shape), parameter and active-parameter
              counts and the memory it needs (mapped weights + KV cache per token).
              --all-metadata   print long arrays and strings in full instead of abridged
            """;

    private InspectCommand() {}

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        CliArguments args = CliArguments.parse("inspect", rawArgs, Set.of(), Set.of("--all-metadata"), Map.of());
        if (args.positional().size() != 1) {
            throw new UsageException("inspect: give exactly one GGUF file");
        }
        boolean full = args.has("--all-metadata");
        Path path = Path.of(args.positional().getFirst());
        try (GgufFile file = GgufFile.open(path)) {
            out.printf("file        %s (%s), GGUF v%d, alignment %d, tensor data at byte %d%n", path.getFileName(),
                    Sizes.bytes(file.fileSize()), file.version(), file.alignment(), file.dataStart());

            out.printf("%nmetadata    %d keys%n", file.metadata().size());
            new TreeMap<>(file.metadata().asMap()).forEach((key, value) ->
                    out.printf("  %-44s %s%n", key, describe(value, full)));

            out.printf("%ntensors     %d%n", file.tensors().size());
            long total = 0;
            Map<GgmlType, long[]> byType = new TreeMap<>();
            for (GgufTensorInfo tensor : file.tensors()) {
                out.printf("  %-36s %-6s %s%n", tensor.name(), tensor.type(), Arrays.toString(tensor.dims()));
                total += tensor.elementCount();
                long[] tally = byType.computeIfAbsent(tensor.type(), t -> new long[3]);
                tally[0]++;
                tally[1] += tensor.elementCount();
                tally[2] += tensor.byteSize();
            }
            out.printf("%nweights by type%n");
            for (Map.Entry<GgmlType, long[]> e : byType.entrySet()) {
                out.printf("  %-6s %4d tensors, %10s parameters, %s%n", e.getKey(), e.getValue()[0],
                        Sizes.count(e.getValue()[1]), Sizes.bytes(e.getValue()[2]));
            }

            describeTokenizer(file, out);

            ModelConfig config = null;
            String notRunnable = null;
            try {
                config = ModelConfig.from(file);
            } catch (RuntimeException e) {
                notRunnable = e.getMessage();
            }
            out.println();
            if (config == null) {
                out.printf("parameters  %s (%d)%n", Sizes.count(total), total);
                out.printf("model       not runnable by Tramontane: %s%n", notRunnable);
                return 0;
            }
            out.printf("model       llama%s: dim %d, %d layers, %d heads / %d KV heads, head dim %d, ff %d, context %d, vocab %d, rope base %s over %d dims, rms eps %s%n",
                    config.isMixtureOfExperts() ? " (mixture of experts: " + config.expertCount() + " experts, " + config.expertUsedCount() + " per token)" : "",
                    config.dim(), config.layers(), config.heads(), config.kvHeads(), config.headDim(), config.ffnDim(),
                    config.contextLength(), config.vocabSize(), config.ropeBase(), config.ropeDims(), config.rmsEps());
            ModelSummary summary = ModelSummary.of(file, config);
            long active = summary.activeParameters();
            out.printf("parameters  %s (%d)%n", Sizes.count(summary.parameters()), summary.parameters());
            out.printf("active      %s (%d) per token%s%n", Sizes.count(active), active,
                    config.isMixtureOfExperts() ? ", " + config.expertUsedCount() + " of " + config.expertCount() + " experts" : " (dense)");
            int defaultContext = Math.min(config.contextLength(), 4096);
            out.printf("memory      weights %s (memory-mapped, not on the heap)%n", Sizes.bytes(summary.weightBytes()));
            for (KvCacheType type : KvCacheType.values()) {
                long kvPerToken = summary.kvCacheBytes(1, type);
                String unusable = type == KvCacheType.Q8_0 && config.headDim() % 32 != 0 ? " (not usable: head width "
                        + config.headDim() + " is not a multiple of 32)" : "";
                out.printf("            KV cache %-4s %s per token (%d bytes): %s for %d tokens (the CLI's default context), %s for the full %d%s%s%n",
                        type, Sizes.bytes(kvPerToken), kvPerToken, Sizes.bytes(kvPerToken * defaultContext), defaultContext,
                        Sizes.bytes(kvPerToken * config.contextLength()), config.contextLength(),
                        type == KvCacheType.DEFAULT ? " (default)" : "", unusable);
            }
        }
        return 0;
    }

    /** The tokenizer and the chat template Tramontane would use, or why there is none. */
    private static void describeTokenizer(GgufFile file, PrintStream out) {
        out.println();
        if (!file.metadata().contains("tokenizer.ggml.tokens")) {
            out.println("tokenizer   none (the file has no tokenizer.ggml.tokens)");
            return;
        }
        try {
            Tokenizer tokenizer = Tokenizer.fromGguf(file.metadata());
            Vocabulary v = tokenizer.vocabulary();
            out.printf("tokenizer   SentencePiece, %d tokens, BOS %d, EOS %d, unknown %d%s%s%n", v.size(), v.bosId(), v.eosId(),
                    v.unknownId(), v.addBos() ? ", BOS added to prompts" : "", v.addSpacePrefix() ? ", space prefix" : "");
            ChatTemplates.Selection chat = ChatTemplates.select(tokenizer, file.metadata().findString("tokenizer.chat_template"));
            out.printf("chat        %s%n", chat.explanation());
        } catch (RuntimeException e) {
            out.printf("tokenizer   not usable: %s%n", e.getMessage());
        }
    }

    private static String describe(GgufValue value, boolean full) {
        Object v = value.value();
        if (v instanceof GgufArray array) {
            int n = array.length();
            int shown = full ? n : Math.min(n, 8);
            StringBuilder sb = new StringBuilder("[").append(n).append(" × ").append(array.elementType()).append("] ");
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < shown; i++) {
                Object item = Array.get(array.elements(), i);
                items.append(i == 0 ? "" : ", ").append(item instanceof String s ? quote(s, full) : String.valueOf(item));
            }
            return sb.append(items).append(shown < n ? ", …" : "").toString();
        }
        return v instanceof String s ? quote(s, full) : value.type() + " " + v;
    }

    private static String quote(String s, boolean full) {
        String escaped = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
        if (!full && escaped.length() > 100) {
            return "\"" + escaped.substring(0, 100) + "…\" (" + s.length() + " chars)";
        }
        return "\"" + escaped + "\"";
    }
}
