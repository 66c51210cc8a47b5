package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.WeightMatrix;
import java.util.List;

/**
 * The weights of one transformer block. Matrices are views over the mapped file; the two norm
 * vectors are small and held as floats.
 *
 * @param attentionNorm RMSNorm weights before attention ({@code attn_norm}), length dim
 * @param wq            {@code heads·headDim × dim}
 * @param wk            {@code kvHeads·headDim × dim}
 * @param wv            {@code kvHeads·headDim × dim}
 * @param wo            {@code dim × heads·headDim}
 * @param ffnNorm       RMSNorm weights before the feed-forward part, length dim
 * @param router        {@code experts × dim} ({@code ffn_gate_inp}); {@code null} in a dense layer
 * @param experts       the experts, in expert-id order; a dense layer has exactly one, its FFN
 */
public record LayerWeights(
        float[] attentionNorm,
        WeightMatrix wq,
        WeightMatrix wk,
        WeightMatrix wv,
        WeightMatrix wo,
        float[] ffnNorm,
        WeightMatrix router,
        List<FeedForward> experts) {

    public LayerWeights {
        experts = List.copyOf(experts);
    }

    public boolean isMixtureOfExperts() {
        return router != null;
    }

    /** The feed-forward network of a dense layer. */
    public FeedForward denseFfn() {
        if (router != null) {
            throw new IllegalStateException("a mixture-of-experts layer has no single dense FFN");
        }
        return experts.getFirst();
    }
}
