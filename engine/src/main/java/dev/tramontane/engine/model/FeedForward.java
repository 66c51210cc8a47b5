package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.WeightMatrix;

/**
 * One SwiGLU feed-forward network, {@code down(silu(gate·x) ⊙ up·x)}: a dense layer's FFN or one
 * expert of a mixture.
 *
 * @param gate {@code ff × dim}
 * @param up   {@code ff × dim}
 * @param down {@code dim × ff}
 */
public record FeedForward(WeightMatrix gate, WeightMatrix up, WeightMatrix down) {}
