package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;

/**
 * The 8-bit blocks a matrix's integer kernel ({@link WeightMatrix#dotQ8}) reads its activations
 * in, as llama.cpp pairs them: Q8_0 blocks of 32 for the 32-element types, Q8_K blocks of 256 for
 * the K-quants, none for float matrices, which multiply the activations as they are. Batched
 * products are given the activations rounded the same way ({@link #round}), so that a prompt's
 * tokens and decoded tokens meet the same inputs.
 */
public enum ActivationBlocks {
    /** Float weights: the activations as they are. */
    NONE,
    /** Q4_0, Q4_1, Q5_0, Q5_1, Q8_0: 32 values per fp16 scale. */
    Q8_0,
    /** Q2_K … Q6_K: 256 values per float scale. */
    Q8_K;

    /** The blocks weights of {@code type} meet. */
    public static ActivationBlocks of(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16 -> NONE;
            default -> type.blockSize() == 256 ? Q8_K : Q8_0;
        };
    }

    /** Writes the activations {@code xq} holds, as this blocking rounds them (d·q), to {@code out[offset ..]}. */
    public void round(Q8Activations xq, float[] out, int offset) {
        switch (this) {
            case NONE -> throw new IllegalStateException("float matrices take their activations unrounded");
            case Q8_0 -> xq.dequantizeQ8_0(out, offset);
            case Q8_K -> xq.dequantizeQ8K(out, offset);
        }
    }
}
