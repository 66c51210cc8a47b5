package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.WeightMatrix;
import java.util.List;

/**
 * All weights of a model, as views over the mapped file (see {@link WeightsLoader}).
 *
 * @param tokenEmbedding {@code vocab × dim}; row t is token t's embedding
 * @param layers         the transformer blocks in order
 * @param outputNorm     final RMSNorm weights, length dim
 * @param output         {@code vocab × dim} classifier; the embedding itself when the file ties them
 * @param expertLayout   how the file stored the feed-forward weights
 * @param ropeFrequencyFactors per-pair divisors of the RoPE angle ({@code rope_freqs.weight}, written
 *                       for Llama 3.1-style long-context scaling), length ropeDims / 2; {@code null} when absent
 */
public record ModelWeights(
        WeightMatrix tokenEmbedding,
        List<LayerWeights> layers,
        float[] outputNorm,
        WeightMatrix output,
        ExpertLayout expertLayout,
        float[] ropeFrequencyFactors) {

    public ModelWeights {
        layers = List.copyOf(layers);
    }

    /** Whether the output classifier is the token embedding (no {@code output.weight} in the file). */
    public boolean tiedOutput() {
        return output == tokenEmbedding;
    }
}
