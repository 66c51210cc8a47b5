package dev.tramontane.engine.convert;

import dev.tramontane.engine.quant.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A llama.cpp file type ("ftype"): a base weight type plus llama.cpp's per-tensor exceptions, so
 * that a file we write or re-quantize has the same tensor types as {@code llama-quantize} would give
 * it. The rules, from llama.cpp's {@code llama_tensor_get_type} (src/llama-quant.cpp), for the mixes
 * we write:
 *
 * <ul>
 *   <li>only weight matrices are quantized: 1-D tensors (norms), the MoE router
 *       ({@code ffn_gate_inp}) keep their type;</li>
 *   <li>{@code output.weight} (or {@code token_embd.weight} of a file without one) becomes Q6_K
 *       unless the base is Q8_0;</li>
 *   <li>with exactly 8 experts, {@code attn_k} and {@code attn_v} become Q8_0 ("bumping this to
 *       Q8_0 trades just ~128MB"), and under Q4_K_M {@code attn_output} becomes Q5_K;</li>
 *   <li>Q4_K_M and Q5_K_M give {@code attn_v} and {@code ffn_down} of the layers chosen by
 *       {@link #useMoreBits} Q6_K;</li>
 *   <li>a K-quant row length that is not a multiple of 256 falls back to Q5_0 (Q4_K), Q5_1 (Q5_K)
 *       or Q8_0 (Q6_K).</li>
 * </ul>
 *
 * llama.cpp counts {@code attn_v} tensors in file order; we take the layer number from the name,
 * which is the same for files whose tensors are in layer order (all converters write them so).
 */
public enum QuantizationMix {
    F16(GgmlType.F16, 1),
    Q8_0(GgmlType.Q8_0, 7),
    Q4_0(GgmlType.Q4_0, 2),
    Q6_K(GgmlType.Q6_K, 18),
    Q4_K_M(GgmlType.Q4_K, 15),
    Q5_K_M(GgmlType.Q5_K, 17);

    private final GgmlType baseType;
    private final int fileType;

    QuantizationMix(GgmlType baseType, int fileType) {
        this.baseType = baseType;
        this.fileType = fileType;
    }

    /** The type of most weight matrices. */
    public GgmlType baseType() {
        return baseType;
    }

    /** llama.cpp's {@code general.file_type} value for this mix. */
    public int fileType() {
        return fileType;
    }

    /** Parses a mix name as llama-quantize spells it ({@code Q4_K_M}, {@code q8_0}, {@code f16}). */
    public static QuantizationMix parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        for (QuantizationMix m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown quantization type \"" + name + "\"; choose one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Whether llama.cpp quantizes a tensor at all: matrices only, never the MoE router. */
    public static boolean isQuantizable(String name, long[] dims) {
        return dims.length >= 2 && name.endsWith(".weight") && !name.contains("ffn_gate_inp")
                && !name.contains("_norm");
    }

    /**
     * The type this mix gives tensor {@code name} of shape {@code dims} (GGML order) in a model of
     * {@code layers} layers and {@code experts} experts (0 for a dense model); {@code current} is
     * the tensor's type now, kept for tensors that are not quantized.
     *
     * @param hasOutput whether the model has its own {@code output.weight} (else the embedding is the classifier)
     */
    public GgmlType typeOf(String name, long[] dims, GgmlType current, int layers, int experts, boolean hasOutput) {
        if (!isQuantizable(name, dims)) {
            return current;
        }
        if (this == F16) {
            return GgmlType.F16;
        }
        GgmlType t = baseType;
        boolean isOutput = name.equals("output.weight") || (!hasOutput && name.equals("token_embd.weight"));
        boolean kMix = this == Q4_K_M || this == Q5_K_M;
        if (isOutput) {
            if (dims[0] % GgmlType.Q6_K.blockSize() != 0) {
                t = GgmlType.Q8_0;
            } else if (t != GgmlType.Q8_0) {
                t = GgmlType.Q6_K;
            }
        } else if (name.equals("token_embd.weight")) {
            // the base type
        } else if (name.contains("attn_v.weight")) {
            if (kMix && useMoreBits(layerOf(name, layers), layers)) {
                t = GgmlType.Q6_K;
            }
            if (experts == 8) {
                t = GgmlType.Q8_0;
            }
        } else if (name.contains("attn_k.weight")) {
            if (experts == 8) {
                t = GgmlType.Q8_0;
            }
        } else if (name.contains("ffn_down")) {
            if (kMix && useMoreBits(layerOf(name, layers), layers)) {
                t = GgmlType.Q6_K;
            }
        } else if (name.contains("attn_output.weight")) {
            if (experts == 8 && this == Q4_K_M) {
                t = GgmlType.Q5_K;
            }
        }
        return fallback(name, dims, t);
    }

    /** llama.cpp's choice of layers that get more bits: the first and last eighth, and every third between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static int layerOf(String name, int layers) {
        if (!name.startsWith("blk.")) {
            throw new IllegalArgumentException("tensor " + name + " has no layer number (blk.N.) in its name");
        }
        int end = name.indexOf('.', 4);
        int layer;
        try {
            layer = Integer.parseInt(name.substring(4, end));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tensor " + name + " has no layer number (blk.N.) in its name");
        }
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("tensor " + name + " names layer " + layer + ", but the model has "
                    + layers + " layers");
        }
        return layer;
    }

    private static GgmlType fallback(String name, long[] dims, GgmlType t) {
        if (dims[0] % t.blockSize() == 0) {
            return t;
        }
        GgmlType f = switch (t) {
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> null;
        };
        if (f == null || dims[0] % f.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + " has rows of " + dims[0] + " elements, which "
                    + t + " cannot encode (needs a multiple of " + t.blockSize() + "); choose F16");
        }
        return f;
    }
}
