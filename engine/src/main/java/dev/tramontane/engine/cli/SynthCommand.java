package dev.tramontane.engine.cli;

import dev.tramontane.engine.convert.QuantizationMix;
import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code synth}: a random-weight llama or Mixtral model of any shape, written straight in a
 * llama.cpp type mix, for benchmarks on shapes nobody has to download. The file is streamed to disk
 * a slice of rows at a time, so its size does not bound the heap.
 */
final class SynthCommand {

    /** {@code <unk>}, {@code <s>}, {@code </s>} and the 256 byte tokens: below this size the vocabulary has no byte fallback. */
    private static final int BYTE_FALLBACK_TOKENS = 3 + 256;

    static final String HELP = """
            Usage: tramontane synth --out FILE [shape options] [--type MIX] [--seed N]
              Writes a random-weight llama-architecture GGUF (dense, or Mixtral-style with --experts).
              --dim N          embedding width (default 4096)
              --layers N       transformer blocks (default 2)
              --heads N        attention heads (default 32)
              --kv-heads N     key/value heads (default 8)
              --ff N           feed-forward width per expert (default 14336)
              --experts N      experts per layer, 0 for a dense model (default 8)
              --top-k N        experts used per token (default 2)
              --context N      context length recorded in the file (default 32768)
              --vocab N        a generated vocabulary of N tokens (default 32000): <unk>, <s>, </s>,
                               the 256 byte tokens <0x00>..<0xFF> (from N = 259), then ▁ and pieces
              --vocab-from F   copy the tokenizer (and its size) from GGUF file F instead
              --rope-base X    RoPE frequency base (default 1000000, as Mixtral)
              --type MIX       F16, Q8_0, Q4_0, Q6_K, Q4_K_M or Q5_K_M, with llama.cpp's per-tensor
                               types for that mix (default Q4_K_M)
              --seed N         random seed; the same options and seed give the same bytes (default 42)
            """;

    private SynthCommand() {}

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        CliArguments args = CliArguments.parse("synth", rawArgs,
                Set.of("--out", "--dim", "--layers", "--heads", "--kv-heads", "--ff", "--experts", "--top-k",
                        "--context", "--vocab", "--vocab-from", "--rope-base", "--type", "--seed"),
                Set.of(), Map.of("-o", "--out"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("synth: unexpected argument " + args.positional().getFirst());
        }
        Path outPath = Path.of(args.require("synth", "--out"));
        int dim = args.getInt("--dim", 4096);
        int layers = args.getInt("--layers", 2);
        int heads = args.getInt("--heads", 32);
        int kvHeads = args.getInt("--kv-heads", 8);
        int ff = args.getInt("--ff", 14336);
        int experts = args.getInt("--experts", 8);
        int topK = experts == 0 ? 0 : args.getInt("--top-k", 2);
        int context = args.getInt("--context", 32768);
        float ropeBase = args.getFloat("--rope-base", 1_000_000f);
        long seed = args.getLong("--seed", 42);
        QuantizationMix mix;
        try {
            mix = QuantizationMix.parse(args.get("--type") != null ? args.get("--type") : "Q4_K_M");
        } catch (IllegalArgumentException e) {
            throw new UsageException("synth: " + e.getMessage());
        }
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || ff <= 0 || context <= 0 || experts < 0) {
            throw new UsageException("synth: sizes must be positive (--experts may be 0 for a dense model)");
        }
        if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
            throw new UsageException("synth: --dim must be a multiple of --heads with an even head size, and --heads a multiple of --kv-heads");
        }
        if (experts > 0 && (topK <= 0 || topK > experts)) {
            throw new UsageException("synth: --top-k must be between 1 and --experts");
        }

        GgufMetadata vocabulary = null;
        int vocab = args.getInt("--vocab", 32000);
        if (args.has("--vocab-from")) {
            if (args.has("--vocab")) {
                throw new UsageException("synth: give --vocab N or --vocab-from FILE, not both");
            }
            try (GgufFile source = GgufFile.open(Path.of(args.get("--vocab-from")))) {
                vocabulary = source.metadata();
                if (!vocabulary.contains("tokenizer.ggml.tokens")) {
                    throw new IllegalArgumentException(args.get("--vocab-from") + " has no tokenizer (tokenizer.ggml.tokens)");
                }
                vocab = vocabulary.getStringArray("tokenizer.ggml.tokens").length;
            }
        }
        if (vocab < 4) {
            throw new UsageException("synth: --vocab must be at least 4");
        }
        if (vocabulary == null && vocab >= BYTE_FALLBACK_TOKENS) {
            // With its 256 byte tokens the generated vocabulary can spell any text, so llama.cpp loads
            // the file (its loader looks up the byte tokens of a SentencePiece vocabulary).
            // The first piece is the word boundary itself, so spaces are not spelled as its three bytes.
            List<String> pieces = new ArrayList<>();
            for (int i = BYTE_FALLBACK_TOKENS; i < vocab; i++) {
                pieces.add(i == BYTE_FALLBACK_TOKENS ? "\u2581" : "\u2581t" + i);
            }
            vocabulary = SyntheticModel.byteFallbackVocabulary(List.of(), pieces);
        }

        ExpertLayout layout = experts == 0 ? ExpertLayout.DENSE : ExpertLayout.MERGED;
        SyntheticModel.Spec spec = new SyntheticModel.Spec(dim, layers, heads, kvHeads, ff, experts, topK, vocab, context,
                ropeBase, dim / heads, 1e-5f, layout, mix.baseType(), false, seed);
        SyntheticModel.TensorTypes types = new SyntheticModel.TensorTypes() {
            @Override
            public GgmlType typeOf(String name, long[] dims) {
                return mix.typeOf(name, dims, mix.baseType(), layers, experts, true);
            }

            @Override
            public OptionalInt fileType() {
                return OptionalInt.of(mix.fileType());
            }
        };
        long start = System.nanoTime();
        SyntheticModel.write(outPath, spec, types, vocabulary);
        out.printf(Locale.ROOT, "wrote %s (%s, %s, dim %d, %d layers, %d/%d heads, ff %d, %s, vocab %d) in %.1f s%n",
                outPath, Sizes.bytes(Files.size(outPath)), mix, dim, layers, heads, kvHeads, ff,
                experts == 0 ? "dense" : experts + " experts top-" + topK, vocab, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
