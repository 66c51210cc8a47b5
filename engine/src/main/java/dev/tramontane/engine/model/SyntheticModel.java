package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufArray;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.gguf.GgufValue;
import dev.tramontane.engine.gguf.GgufValueType;
import dev.tramontane.engine.gguf.GgufWriter;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Writes random-weight {@code llama} models (dense or Mixtral-style) as GGUF files, in any expert
 * layout and any supported weight type: the project's own test models, and what a {@code synth}
 * command writes for benchmarks. Weights are drawn from N(0, 1/cols) so activations stay O(1)
 * through the layers; norm weights near 1. Norms and the router stay F32, as llama.cpp's
 * quantizer leaves them. A matrix is produced a slice of rows at a time, so the heap needed is a
 * few megabytes whatever the model's size.
 *
 * <p>The vocabulary is a small SentencePiece-style one ({@code <unk>}, {@code <s>}, {@code </s>},
 * then pieces {@code ▁t3}, {@code ▁t4} …) so that the tokenizer loads the file too.
 */
public final class SyntheticModel {

    /**
     * The shape and encoding of a random model.
     *
     * @param layout     {@link ExpertLayout#DENSE} for a dense model (then {@code experts} is ignored)
     * @param weightType type of the embedding, attention, FFN and output matrices
     * @param tiedOutput leave out {@code output.weight}, so the embedding is also the classifier
     */
    public record Spec(int dim, int layers, int heads, int kvHeads, int ffnDim, int experts, int expertsUsed,
                       int vocabSize, int contextLength, float ropeBase, int ropeDims, float rmsEps,
                       ExpertLayout layout, GgmlType weightType, boolean tiedOutput, long seed) {

        /** A small Mixtral: dim 256 (K-quant rows need multiples of 256), 2 layers, 4 experts, top-2. */
        public static Spec tinyMixtral(ExpertLayout layout, GgmlType weightType, long seed) {
            int experts = layout == ExpertLayout.DENSE ? 0 : 4;
            return new Spec(256, 2, 4, 2, 256, experts, layout == ExpertLayout.DENSE ? 0 : 2, 64, 128,
                    10000f, 64, 1e-5f, layout, weightType, false, seed);
        }

        public Spec withTiedOutput(boolean tied) {
            return new Spec(dim, layers, heads, kvHeads, ffnDim, experts, expertsUsed, vocabSize, contextLength,
                    ropeBase, ropeDims, rmsEps, layout, weightType, tied, seed);
        }

        public Spec withRope(float base, int dims) {
            return new Spec(dim, layers, heads, kvHeads, ffnDim, experts, expertsUsed, vocabSize, contextLength,
                    base, dims, rmsEps, layout, weightType, tiedOutput, seed);
        }

        int headDim() {
            return dim / heads;
        }
    }

    /** Floats made and encoded at a time (4 MB of heap). */
    private static final int CHUNK_VALUES = 1 << 20;

    private final Spec spec;
    private final SplittableRandom random;

    private SyntheticModel(Spec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
    }

    /** Writes a random model of shape {@code spec} to {@code path}; the same spec and seed give the same bytes. */
    public static void write(Path path, Spec spec) throws IOException {
        write(path, spec, TensorTypes.uniform(spec.weightType()), null);
    }

    /**
     * {@code tokenizer.*} metadata of a small SentencePiece vocabulary with byte fallback, for tests and
     * synthetic models: ids 0–2 are {@code <unk>}, {@code <s>}, {@code </s>}, then {@code controls}
     * (control tokens such as Mistral v3's {@code [INST]}), then the 256 byte tokens {@code <0xNN>}, then
     * {@code pieces} (normal tokens); scores fall with the id, so earlier pieces merge first.
     */
    public static GgufMetadata byteFallbackVocabulary(List<String> controls, List<String> pieces) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Long> types = new ArrayList<>(List.of(2L, 3L, 3L));
        for (String control : controls) {
            tokens.add(control);
            types.add(3L);
        }
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(6L);
        }
        for (String piece : pieces) {
            tokens.add(piece);
            types.add(1L);
        }
        float[] scores = new float[tokens.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -i;
        }
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(tokens.toArray(String[]::new))));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufArray.ofFloats(scores)));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.INT32,
                types.stream().mapToLong(Long::longValue).toArray())));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUint32(0));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(1));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofUint32(2));
        return new GgufMetadata(m);
    }

    /**
     * Writes a random model with each matrix's type chosen by {@code types} (e.g. a llama.cpp mix)
     * and, when {@code vocabulary} is given, its {@code tokenizer.*} metadata copied from there
     * ({@code spec.vocabSize()} must then be that vocabulary's size).
     */
    public static void write(Path path, Spec spec, TensorTypes types, GgufMetadata vocabulary) throws IOException {
        if (vocabulary != null) {
            int size = vocabulary.getStringArray("tokenizer.ggml.tokens").length;
            if (size != spec.vocabSize()) {
                throw new IllegalArgumentException("the vocabulary has " + size + " tokens but the model spec asks for "
                        + spec.vocabSize() + "; give the spec the vocabulary's size");
            }
        }
        new SyntheticModel(spec).writeTo(path, types, vocabulary);
    }

    /** Chooses the type of each weight matrix; norms and the MoE router always stay F32. */
    @FunctionalInterface
    public interface TensorTypes {

        /** The type of matrix {@code name} with shape {@code dims} (GGML order, row length first). */
        GgmlType typeOf(String name, long[] dims);

        /** The {@code general.file_type} to record, if any. */
        default OptionalInt fileType() {
            return OptionalInt.empty();
        }

        /** Every matrix in {@code type}. */
        static TensorTypes uniform(GgmlType type) {
            return (name, dims) -> type;
        }
    }

    private void writeTo(Path path, TensorTypes types, GgufMetadata vocabulary) throws IOException {
        Spec s = spec;
        boolean moe = s.layout() != ExpertLayout.DENSE;
        List<PlannedTensor> plan = plan(types);
        try (GgufWriter w = new GgufWriter(path)) {
            writeMetadata(w, moe, vocabulary);
            types.fileType().ifPresent(ft -> w.putUint32("general.file_type", ft));
            for (PlannedTensor t : plan) {
                w.addTensor(t.name(), t.type(), t.dims());
            }
            // Data, in declaration order; the random stream is drawn in that order too.
            for (PlannedTensor t : plan) {
                if (t.dims().length == 1) {
                    writeNorm(w, t.name());
                } else {
                    long count = t.dims().length == 3 ? t.dims()[2] : 1;
                    for (long e = 0; e < count; e++) {
                        writeMatrix(w, t.name(), t.type(), (int) t.dims()[1], (int) t.dims()[0], t.spread());
                    }
                }
            }
        }
    }

    /** One tensor of the file: its name, type, shape (GGML order) and the spread of its random values. */
    private record PlannedTensor(String name, GgmlType type, long[] dims, double spread) {}

    private List<PlannedTensor> plan(TensorTypes types) {
        Spec s = spec;
        boolean moe = s.layout() != ExpertLayout.DENSE;
        int qDim = s.heads() * s.headDim();
        int kvDim = s.kvHeads() * s.headDim();
        List<PlannedTensor> plan = new ArrayList<>();
        BiConsumer<String, long[]> matrix = (name, dims) -> plan.add(new PlannedTensor(name, types.typeOf(name, dims), dims, 1.0));
        Consumer<String> norm = name -> plan.add(new PlannedTensor(name, GgmlType.F32, new long[] {s.dim()}, 0));
        matrix.accept("token_embd.weight", new long[] {s.dim(), s.vocabSize()});
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            norm.accept(p + "attn_norm.weight");
            matrix.accept(p + "attn_q.weight", new long[] {s.dim(), qDim});
            matrix.accept(p + "attn_k.weight", new long[] {s.dim(), kvDim});
            matrix.accept(p + "attn_v.weight", new long[] {s.dim(), kvDim});
            matrix.accept(p + "attn_output.weight", new long[] {qDim, s.dim()});
            norm.accept(p + "ffn_norm.weight");
            if (moe) {
                // The router stays F32, as llama.cpp leaves it; a wider spread makes near-ties between experts rare.
                plan.add(new PlannedTensor(p + "ffn_gate_inp.weight", GgmlType.F32, new long[] {s.dim(), s.experts()}, 4.0));
            }
            switch (s.layout()) {
                case DENSE -> {
                    matrix.accept(p + "ffn_gate.weight", new long[] {s.dim(), s.ffnDim()});
                    matrix.accept(p + "ffn_up.weight", new long[] {s.dim(), s.ffnDim()});
                    matrix.accept(p + "ffn_down.weight", new long[] {s.ffnDim(), s.dim()});
                }
                case PER_EXPERT -> {
                    for (int e = 0; e < s.experts(); e++) {
                        matrix.accept(p + "ffn_gate." + e + ".weight", new long[] {s.dim(), s.ffnDim()});
                        matrix.accept(p + "ffn_down." + e + ".weight", new long[] {s.ffnDim(), s.dim()});
                        matrix.accept(p + "ffn_up." + e + ".weight", new long[] {s.dim(), s.ffnDim()});
                    }
                }
                case MERGED -> {
                    matrix.accept(p + "ffn_gate_exps.weight", new long[] {s.dim(), s.ffnDim(), s.experts()});
                    matrix.accept(p + "ffn_down_exps.weight", new long[] {s.ffnDim(), s.dim(), s.experts()});
                    matrix.accept(p + "ffn_up_exps.weight", new long[] {s.dim(), s.ffnDim(), s.experts()});
                }
                case FUSED_GATE_UP -> {
                    matrix.accept(p + "ffn_gate_up_exps.weight", new long[] {s.dim(), 2L * s.ffnDim(), s.experts()});
                    matrix.accept(p + "ffn_down_exps.weight", new long[] {s.ffnDim(), s.dim(), s.experts()});
                }
            }
        }
        norm.accept("output_norm.weight");
        if (!s.tiedOutput()) {
            matrix.accept("output.weight", new long[] {s.dim(), s.vocabSize()});
        }
        return plan;
    }

    private void writeMetadata(GgufWriter w, boolean moe, GgufMetadata vocabulary) {
        Spec s = spec;
        String a = ModelConfig.ARCHITECTURE + ".";
        w.putString("general.architecture", ModelConfig.ARCHITECTURE);
        w.putString("general.name", "synthetic-" + s.layout().name().toLowerCase() + "-" + s.weightType().name().toLowerCase());
        w.putUint32(a + "context_length", s.contextLength());
        w.putUint32(a + "embedding_length", s.dim());
        w.putUint32(a + "block_count", s.layers());
        w.putUint32(a + "feed_forward_length", s.ffnDim());
        w.putUint32(a + "attention.head_count", s.heads());
        w.putUint32(a + "attention.head_count_kv", s.kvHeads());
        w.putUint32(a + "rope.dimension_count", s.ropeDims());
        w.putFloat32(a + "rope.freq_base", s.ropeBase());
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", s.rmsEps());
        if (moe) {
            w.putUint32(a + "expert_count", s.experts());
            w.putUint32(a + "expert_used_count", s.expertsUsed());
        }
        if (vocabulary != null) {
            vocabulary.asMap().forEach((key, value) -> {
                if (key.startsWith("tokenizer.")) {
                    w.put(key, value);
                }
            });
            return;
        }
        String[] tokens = new String[s.vocabSize()];
        float[] scores = new float[s.vocabSize()];
        long[] types = new long[s.vocabSize()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = switch (i) {
                case 0 -> "<unk>";
                case 1 -> "<s>";
                case 2 -> "</s>";
                default -> "\u2581t" + i;
            };
            scores[i] = -i;
            types[i] = i == 0 ? 2 : i < 3 ? 3 : 1; // unknown, control, normal
        }
        w.putString("tokenizer.ggml.model", "llama");
        w.putArray("tokenizer.ggml.tokens", GgufArray.ofStrings(tokens));
        w.putArray("tokenizer.ggml.scores", GgufArray.ofFloats(scores));
        w.putArray("tokenizer.ggml.token_type", GgufArray.ofIntegers(GgufValueType.INT32, types));
        w.putUint32("tokenizer.ggml.unknown_token_id", 0);
        w.putUint32("tokenizer.ggml.bos_token_id", 1);
        w.putUint32("tokenizer.ggml.eos_token_id", 2);
    }

    private void writeNorm(GgufWriter w, String name) throws IOException {
        float[] v = new float[spec.dim()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.0 + 0.1 * random.nextGaussian());
        }
        w.writeTensorData(name, v);
    }

    /**
     * A {@code rows × cols} random matrix, made and encoded a slice of rows at a time, so the heap
     * holds about {@link #CHUNK_VALUES} floats whatever the matrix size; the random values are drawn
     * in row-major order, so the bytes do not depend on the slicing.
     */
    private void writeMatrix(GgufWriter w, String name, GgmlType type, int rows, int cols, double spread) throws IOException {
        int chunkRows = Math.max(1, Math.min(rows, CHUNK_VALUES / cols));
        float[] values = new float[chunkRows * cols];
        MemorySegment encoded = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(values.length))]);
        double sigma = spread / Math.sqrt(cols);
        for (int row = 0; row < rows; row += chunkRows) {
            int n = Math.min(chunkRows, rows - row) * cols;
            for (int i = 0; i < n; i++) {
                values[i] = (float) (sigma * random.nextGaussian());
            }
            long bytes = Quantizer.quantize(type, values, 0, n, encoded, 0);
            w.writeTensorPart(name, encoded.asSlice(0, bytes));
        }
    }
}
