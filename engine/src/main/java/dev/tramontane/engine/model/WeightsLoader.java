package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufFormatException;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a llama model's tensors in a GGUF file by their llama.cpp names, checks every shape against
 * the {@link ModelConfig}, and wraps the mapped bytes as {@link WeightMatrix} views. Expert weights
 * are recognised in all three {@link ExpertLayout}s; a 3-D expert tensor is cut into one 2-D view
 * per expert (experts are ne2, so expert e's rows are contiguous).
 */
public final class WeightsLoader {

    private final GgufFile file;
    private final ModelConfig config;

    private WeightsLoader(GgufFile file, ModelConfig config) {
        this.file = file;
        this.config = config;
    }

    /** @throws GgufFormatException naming the tensor when one is missing, misshapen or of an unsupported type */
    public static ModelWeights load(GgufFile file, ModelConfig config) {
        return new WeightsLoader(file, config).load();
    }

    private ModelWeights load() {
        int dim = config.dim();
        int vocab = config.vocabSize();
        WeightMatrix embedding = matrix("token_embd.weight", vocab, dim);
        List<LayerWeights> layers = new ArrayList<>(config.layers());
        ExpertLayout firstLayout = null;
        for (int l = 0; l < config.layers(); l++) {
            String p = "blk." + l + ".";
            ExpertLayout layout = layoutOf(l);
            firstLayout = firstLayout == null ? layout : firstLayout;
            WeightMatrix router = layout == ExpertLayout.DENSE ? null
                    : matrix(p + "ffn_gate_inp.weight", config.expertCount(), dim);
            layers.add(new LayerWeights(
                    vector(p + "attn_norm.weight", dim),
                    matrix(p + "attn_q.weight", config.qDim(), dim),
                    matrix(p + "attn_k.weight", config.kvDim(), dim),
                    matrix(p + "attn_v.weight", config.kvDim(), dim),
                    matrix(p + "attn_output.weight", dim, config.qDim()),
                    vector(p + "ffn_norm.weight", dim),
                    router,
                    feedForwards(l, layout)));
        }
        float[] outputNorm = vector("output_norm.weight", dim);
        WeightMatrix output = file.tensor("output.weight").isPresent()
                ? matrix("output.weight", vocab, dim) : embedding;
        float[] ropeFactors = has("rope_freqs.weight") ? vector("rope_freqs.weight", config.ropeDims() / 2) : null;
        return new ModelWeights(embedding, layers, outputNorm, output, firstLayout, ropeFactors);
    }

    private ExpertLayout layoutOf(int layer) {
        String p = "blk." + layer + ".";
        if (!config.isMixtureOfExperts()) {
            return ExpertLayout.DENSE;
        }
        if (has(p + "ffn_gate_up_exps.weight")) {
            return ExpertLayout.FUSED_GATE_UP;
        }
        if (has(p + "ffn_gate_exps.weight")) {
            return ExpertLayout.MERGED;
        }
        if (has(p + "ffn_gate.0.weight")) {
            return ExpertLayout.PER_EXPERT;
        }
        throw new GgufFormatException(fileName() + ": layer " + layer + " declares " + config.expertCount()
                + " experts but holds none of " + p + "ffn_gate_exps.weight, " + p + "ffn_gate_up_exps.weight or "
                + p + "ffn_gate.0.weight; the file is incomplete");
    }

    private List<FeedForward> feedForwards(int layer, ExpertLayout layout) {
        String p = "blk." + layer + ".";
        int dim = config.dim();
        int ff = config.ffnDim();
        int experts = config.expertCount();
        List<FeedForward> out = new ArrayList<>();
        switch (layout) {
            case DENSE -> out.add(new FeedForward(
                    matrix(p + "ffn_gate.weight", ff, dim),
                    matrix(p + "ffn_up.weight", ff, dim),
                    matrix(p + "ffn_down.weight", dim, ff)));
            case PER_EXPERT -> {
                for (int e = 0; e < experts; e++) {
                    out.add(new FeedForward(
                            matrix(p + "ffn_gate." + e + ".weight", ff, dim),
                            matrix(p + "ffn_up." + e + ".weight", ff, dim),
                            matrix(p + "ffn_down." + e + ".weight", dim, ff)));
                }
            }
            case MERGED -> {
                List<WeightMatrix> gate = expertSlices(p + "ffn_gate_exps.weight", ff, dim, 0, ff);
                List<WeightMatrix> up = expertSlices(p + "ffn_up_exps.weight", ff, dim, 0, ff);
                List<WeightMatrix> down = expertSlices(p + "ffn_down_exps.weight", dim, ff, 0, dim);
                for (int e = 0; e < experts; e++) {
                    out.add(new FeedForward(gate.get(e), up.get(e), down.get(e)));
                }
            }
            case FUSED_GATE_UP -> {
                List<WeightMatrix> gate = expertSlices(p + "ffn_gate_up_exps.weight", 2 * ff, dim, 0, ff);
                List<WeightMatrix> up = expertSlices(p + "ffn_gate_up_exps.weight", 2 * ff, dim, ff, ff);
                List<WeightMatrix> down = expertSlices(p + "ffn_down_exps.weight", dim, ff, 0, dim);
                for (int e = 0; e < experts; e++) {
                    out.add(new FeedForward(gate.get(e), up.get(e), down.get(e)));
                }
            }
        }
        return out;
    }

    /**
     * Views of rows {@code [firstRow, firstRow + rowCount)} of every expert of a 3-D tensor whose
     * experts are {@code rowsPerExpert × cols} matrices.
     */
    private List<WeightMatrix> expertSlices(String name, int rowsPerExpert, int cols, int firstRow, int rowCount) {
        GgufTensorInfo info = tensor(name);
        requireShape(info, cols, rowsPerExpert, config.expertCount());
        requireSupported(info);
        MemorySegment data = file.tensorData(info);
        long rowBytes = info.type().byteSize(cols);
        List<WeightMatrix> slices = new ArrayList<>(config.expertCount());
        for (int e = 0; e < config.expertCount(); e++) {
            long start = ((long) e * rowsPerExpert + firstRow) * rowBytes;
            slices.add(view(name + "[expert " + e + "]", info.type(),
                    data.asSlice(start, rowCount * rowBytes), rowCount, cols));
        }
        return slices;
    }

    private WeightMatrix matrix(String name, int rows, int cols) {
        GgufTensorInfo info = tensor(name);
        requireShape(info, cols, rows);
        requireSupported(info);
        return view(name, info.type(), file.tensorData(info), rows, cols);
    }

    /** A 1-D tensor (a norm's weights) dequantized to floats; they are a few KB. */
    private float[] vector(String name, int length) {
        GgufTensorInfo info = tensor(name);
        requireShape(info, length);
        requireSupported(info);
        float[] out = new float[length];
        view(name, info.type(), file.tensorData(info), 1, length).dequantizeRow(0, out, 0);
        return out;
    }

    private WeightMatrix view(String name, GgmlType type, MemorySegment data, int rows, int cols) {
        try {
            return WeightMatrices.of(name, type, data, rows, cols);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(fileName() + ": " + e.getMessage(), e);
        }
    }

    private GgufTensorInfo tensor(String name) {
        return file.tensor(name).orElseThrow(() -> new GgufFormatException(fileName() + " has no tensor " + name
                + ", which a llama model " + (config.isMixtureOfExperts() ? "with " + config.expertCount() + " experts " : "")
                + "needs; the file is incomplete or of another architecture"));
    }

    private boolean has(String name) {
        return file.tensor(name).isPresent();
    }

    private void requireSupported(GgufTensorInfo info) {
        if (!info.type().supported()) {
            throw new GgufFormatException("tensor " + info.name() + " has type " + info.type() + " ("
                    + info.type().id() + "), which Tramontane does not support; supported: "
                    + GgmlType.supportedNames() + ". Use a file quantized to one of those types");
        }
    }

    /** Compares shapes ignoring trailing dimensions of 1, which GGML treats as absent. */
    private void requireShape(GgufTensorInfo info, long... expected) {
        if (!Arrays.equals(trim(info.dims()), trim(expected))) {
            throw new GgufFormatException(fileName() + ": tensor " + info.name() + " has shape "
                    + Arrays.toString(info.dims()) + ", expected " + Arrays.toString(expected)
                    + " (ne0 first) from the model's hyperparameters; the file's metadata and tensors disagree");
        }
    }

    private static long[] trim(long[] dims) {
        int n = dims.length;
        while (n > 1 && dims[n - 1] == 1) {
            n--;
        }
        return Arrays.copyOf(dims, n);
    }

    private String fileName() {
        return String.valueOf(file.path().getFileName());
    }
}
