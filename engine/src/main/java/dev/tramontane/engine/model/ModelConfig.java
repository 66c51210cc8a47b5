package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufFormatException;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.gguf.GgufTensorInfo;

/**
 * The hyperparameters of a {@code llama}-architecture model (Llama, Mistral, Mixtral), read from
 * GGUF metadata under the {@code llama.} prefix.
 *
 * @param dim             embedding length (width of the residual stream)
 * @param layers          number of transformer blocks
 * @param heads           query heads
 * @param kvHeads         key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param headDim         width of one head ({@code attention.key_length}, default dim / heads)
 * @param ropeBase        RoPE frequency base θ (default 10000; Mixtral uses 1e6)
 * @param ropeDims        how many leading dimensions of each head RoPE rotates (default headDim)
 * @param rmsEps          ε of RMSNorm
 * @param contextLength   the longest context the model was trained for
 * @param ffnDim          hidden width of one feed-forward network (one expert's, in a MoE model)
 * @param expertCount     experts per layer (0 for a dense model)
 * @param expertUsedCount experts each token is routed to (0 for a dense model)
 * @param vocabSize       rows of the token embedding
 * @param ropeFreqScale   RoPE position scale: 1, or 1/factor for linear scaling
 *                        ({@code rope.scaling.type = linear}), which stretches the trained context
 */
public record ModelConfig(
        int dim,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        float ropeBase,
        int ropeDims,
        float rmsEps,
        int contextLength,
        int ffnDim,
        int expertCount,
        int expertUsedCount,
        int vocabSize,
        float ropeFreqScale) {

    public static final String ARCHITECTURE = "llama";

    public ModelConfig {
        require(dim > 0 && layers > 0 && heads > 0 && kvHeads > 0 && headDim > 0 && ffnDim > 0 && vocabSize > 0
                        && contextLength > 0,
                "every size must be positive");
        require(heads % kvHeads == 0, "head_count " + heads + " is not a multiple of head_count_kv " + kvHeads);
        require(ropeDims > 0 && ropeDims <= headDim && ropeDims % 2 == 0,
                "rope.dimension_count " + ropeDims + " must be even and at most the head width " + headDim);
        require(expertCount >= 0 && expertUsedCount >= 0 && expertUsedCount <= expertCount
                        && (expertCount == 0) == (expertUsedCount == 0),
                "expert_used_count " + expertUsedCount + " must be between 1 and expert_count " + expertCount
                        + " (or both absent for a dense model)");
        require(rmsEps > 0 && ropeBase > 0, "rms epsilon and rope base must be positive");
        require(ropeFreqScale > 0, "the rope scale must be positive");
    }

    /** Reads the configuration of {@code file}, refusing architectures other than {@code llama}. */
    public static ModelConfig from(GgufFile file) {
        GgufMetadata m = file.metadata();
        String arch = m.getString("general.architecture", null);
        if (!ARCHITECTURE.equals(arch)) {
            throw new GgufFormatException(file.path().getFileName() + " has general.architecture = "
                    + (arch == null ? "(missing)" : "\"" + arch + "\"") + "; Tramontane runs only \"llama\""
                    + " (Llama, Mistral and Mixtral files)");
        }
        GgufTensorInfo embedding = file.tensor("token_embd.weight").orElseThrow(() -> new GgufFormatException(
                file.path().getFileName() + " has no tensor token_embd.weight; it is not a complete model file"));
        String p = ARCHITECTURE + ".";
        int dim = m.getInt(p + "embedding_length");
        int heads = m.getInt(p + "attention.head_count");
        if (heads <= 0 || dim % heads != 0 && !m.contains(p + "attention.key_length")) {
            throw new GgufFormatException(p + "attention.head_count = " + heads + " does not divide "
                    + p + "embedding_length = " + dim + " and no attention.key_length is given");
        }
        int headDim = m.getInt(p + "attention.key_length", dim / heads);
        int valueDim = m.getInt(p + "attention.value_length", headDim);
        if (valueDim != headDim) {
            throw new GgufFormatException(p + "attention.value_length = " + valueDim + " differs from key_length "
                    + headDim + "; Tramontane supports equal key and value widths only");
        }
        int vocab = Math.toIntExact(embedding.ne(1));
        try {
            return new ModelConfig(
                    dim,
                    m.getInt(p + "block_count"),
                    heads,
                    m.getInt(p + "attention.head_count_kv", heads),
                    headDim,
                    m.getFloat(p + "rope.freq_base", 10000f),
                    m.getInt(p + "rope.dimension_count", headDim),
                    m.getFloat(p + "attention.layer_norm_rms_epsilon", 1e-5f),
                    m.getInt(p + "context_length", 2048),
                    m.getInt(p + "feed_forward_length"),
                    m.getInt(p + "expert_count", 0),
                    m.getInt(p + "expert_used_count", 0),
                    vocab,
                    ropeFreqScale(file, p));
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(file.path().getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * llama.cpp's RoPE scaling keys: {@code rope.scaling.type} none or linear (with
     * {@code rope.scaling.factor}), or the older {@code rope.scale_linear}. YaRN and LongRoPE change
     * more than a scale and are refused rather than run wrongly.
     */
    private static float ropeFreqScale(GgufFile file, String p) {
        GgufMetadata m = file.metadata();
        String type = m.getString(p + "rope.scaling.type", "none");
        float factor = switch (type) {
            case "none" -> m.getFloat(p + "rope.scale_linear", 1f);
            case "linear" -> m.getFloat(p + "rope.scaling.factor", m.getFloat(p + "rope.scale_linear", 1f));
            default -> throw new GgufFormatException(file.path().getFileName() + " uses " + p + "rope.scaling.type = \""
                    + type + "\"; Tramontane supports none and linear RoPE scaling");
        };
        if (factor == 0) {
            return 1f; // some files write 0 for "unset"; llama.cpp reads it so
        }
        if (!(factor > 0)) {
            throw new GgufFormatException(p + "rope.scaling.factor = " + factor + " must be positive");
        }
        return 1f / factor;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("inconsistent llama hyperparameters: " + message);
        }
    }

    public boolean isMixtureOfExperts() {
        return expertCount > 0;
    }

    /** Width of all query heads together. */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together: one position's entry in the KV cache per layer. */
    public int kvDim() {
        return kvHeads * headDim;
    }
}
