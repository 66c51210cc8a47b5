package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufArray;
import dev.tramontane.engine.gguf.GgufValueType;
import dev.tramontane.engine.gguf.GgufWriter;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes random-weight {@code llama} models (dense or Mixtral-style) as GGUF files, in any expert
 * layout and any supported weight type: the project's own test models, and what a {@code synth}
 * command writes for benchmarks. Weights are drawn from N(0, 1/cols) so activations stay O(1)
 * through the layers; norm weights near 1. Norms and the router stay F32, as llama.cpp's
 * quantizer leaves them. A tensor is produced one expert (or one matrix) at a time, so the heap
 * needed is that of the largest single matrix, not of the model.
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

    private final Spec spec;
    private final SplittableRandom random;

    private SyntheticModel(Spec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
    }

    /** Writes a random model of shape {@code spec} to {@code path}; the same spec and seed give the same bytes. */
    public static void write(Path path, Spec spec) throws IOException {
        new SyntheticModel(spec).writeTo(path);
    }

    private void writeTo(Path path) throws IOException {
        Spec s = spec;
        boolean moe = s.layout() != ExpertLayout.DENSE;
        int qDim = s.heads() * s.headDim();
        int kvDim = s.kvHeads() * s.headDim();
        GgmlType t = s.weightType();
        try (GgufWriter w = new GgufWriter(path)) {
            writeMetadata(w, moe);
            w.addTensor("token_embd.weight", t, s.dim(), s.vocabSize());
            for (int l = 0; l < s.layers(); l++) {
                String p = "blk." + l + ".";
                w.addTensor(p + "attn_norm.weight", GgmlType.F32, s.dim());
                w.addTensor(p + "attn_q.weight", t, s.dim(), qDim);
                w.addTensor(p + "attn_k.weight", t, s.dim(), kvDim);
                w.addTensor(p + "attn_v.weight", t, s.dim(), kvDim);
                w.addTensor(p + "attn_output.weight", t, qDim, s.dim());
                w.addTensor(p + "ffn_norm.weight", GgmlType.F32, s.dim());
                if (moe) {
                    w.addTensor(p + "ffn_gate_inp.weight", GgmlType.F32, s.dim(), s.experts());
                }
                switch (s.layout()) {
                    case DENSE -> {
                        w.addTensor(p + "ffn_gate.weight", t, s.dim(), s.ffnDim());
                        w.addTensor(p + "ffn_up.weight", t, s.dim(), s.ffnDim());
                        w.addTensor(p + "ffn_down.weight", t, s.ffnDim(), s.dim());
                    }
                    case PER_EXPERT -> {
                        for (int e = 0; e < s.experts(); e++) {
                            w.addTensor(p + "ffn_gate." + e + ".weight", t, s.dim(), s.ffnDim());
                            w.addTensor(p + "ffn_down." + e + ".weight", t, s.ffnDim(), s.dim());
                            w.addTensor(p + "ffn_up." + e + ".weight", t, s.dim(), s.ffnDim());
                        }
                    }
                    case MERGED -> {
                        w.addTensor(p + "ffn_gate_exps.weight", t, s.dim(), s.ffnDim(), s.experts());
                        w.addTensor(p + "ffn_down_exps.weight", t, s.ffnDim(), s.dim(), s.experts());
                        w.addTensor(p + "ffn_up_exps.weight", t, s.dim(), s.ffnDim(), s.experts());
                    }
                    case FUSED_GATE_UP -> {
                        w.addTensor(p + "ffn_gate_up_exps.weight", t, s.dim(), 2L * s.ffnDim(), s.experts());
                        w.addTensor(p + "ffn_down_exps.weight", t, s.ffnDim(), s.dim(), s.experts());
                    }
                }
            }
            w.addTensor("output_norm.weight", GgmlType.F32, s.dim());
            if (!s.tiedOutput()) {
                w.addTensor("output.weight", t, s.dim(), s.vocabSize());
            }

            // Data, in declaration order.
            writeMatrix(w, "token_embd.weight", t, s.vocabSize(), s.dim(), 1.0);
            for (int l = 0; l < s.layers(); l++) {
                String p = "blk." + l + ".";
                writeNorm(w, p + "attn_norm.weight");
                writeMatrix(w, p + "attn_q.weight", t, qDim, s.dim(), 1.0);
                writeMatrix(w, p + "attn_k.weight", t, kvDim, s.dim(), 1.0);
                writeMatrix(w, p + "attn_v.weight", t, kvDim, s.dim(), 1.0);
                writeMatrix(w, p + "attn_output.weight", t, s.dim(), qDim, 1.0);
                writeNorm(w, p + "ffn_norm.weight");
                if (moe) {
                    // A wider router spread makes near-ties between experts rare.
                    writeMatrix(w, p + "ffn_gate_inp.weight", GgmlType.F32, s.experts(), s.dim(), 4.0);
                }
                switch (s.layout()) {
                    case DENSE -> {
                        writeMatrix(w, p + "ffn_gate.weight", t, s.ffnDim(), s.dim(), 1.0);
                        writeMatrix(w, p + "ffn_up.weight", t, s.ffnDim(), s.dim(), 1.0);
                        writeMatrix(w, p + "ffn_down.weight", t, s.dim(), s.ffnDim(), 1.0);
                    }
                    case PER_EXPERT -> {
                        for (int e = 0; e < s.experts(); e++) {
                            writeMatrix(w, p + "ffn_gate." + e + ".weight", t, s.ffnDim(), s.dim(), 1.0);
                            writeMatrix(w, p + "ffn_down." + e + ".weight", t, s.dim(), s.ffnDim(), 1.0);
                            writeMatrix(w, p + "ffn_up." + e + ".weight", t, s.ffnDim(), s.dim(), 1.0);
                        }
                    }
                    case MERGED -> {
                        writeExperts(w, p + "ffn_gate_exps.weight", t, s.ffnDim(), s.dim());
                        writeExperts(w, p + "ffn_down_exps.weight", t, s.dim(), s.ffnDim());
                        writeExperts(w, p + "ffn_up_exps.weight", t, s.ffnDim(), s.dim());
                    }
                    case FUSED_GATE_UP -> {
                        writeExperts(w, p + "ffn_gate_up_exps.weight", t, 2 * s.ffnDim(), s.dim());
                        writeExperts(w, p + "ffn_down_exps.weight", t, s.dim(), s.ffnDim());
                    }
                }
            }
            writeNorm(w, "output_norm.weight");
            if (!s.tiedOutput()) {
                writeMatrix(w, "output.weight", t, s.vocabSize(), s.dim(), 1.0);
            }
        }
    }

    private void writeMetadata(GgufWriter w, boolean moe) {
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

    private void writeMatrix(GgufWriter w, String name, GgmlType type, int rows, int cols, double spread) throws IOException {
        w.writeTensorPart(name, MemorySegment.ofArray(Quantizer.quantize(type, randomMatrix(rows, cols, spread))));
    }

    /** A 3-D expert tensor, one expert's {@code rows × cols} matrix at a time. */
    private void writeExperts(GgufWriter w, String name, GgmlType type, int rows, int cols) throws IOException {
        for (int e = 0; e < spec.experts(); e++) {
            writeMatrix(w, name, type, rows, cols, 1.0);
        }
    }

    private float[] randomMatrix(int rows, int cols, double spread) {
        float[] m = new float[Math.multiplyExact(rows, cols)];
        double sigma = spread / Math.sqrt(cols);
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sigma * random.nextGaussian());
        }
        return m;
    }
}
