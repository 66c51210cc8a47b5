package dev.tramontane.engine.model;

/**
 * How a file stores the feed-forward weights of a layer. Converters have written Mixtral experts in
 * three ways over time; all hold the same numbers.
 */
public enum ExpertLayout {
    /** No experts: {@code blk.N.ffn_gate.weight}, {@code ffn_up}, {@code ffn_down} (Llama, Mistral 7B). */
    DENSE,
    /** One 3-D tensor per projection, experts along ne2: {@code blk.N.ffn_gate_exps.weight} … (llama.cpp since 2024). */
    MERGED,
    /** One 2-D tensor per expert and projection: {@code blk.N.ffn_gate.E.weight} … (many published Mixtral GGUFs). */
    PER_EXPERT,
    /**
     * Gate and up in one 3-D tensor {@code blk.N.ffn_gate_up_exps.weight} of {@code 2·ff} rows per
     * expert, gate rows first then up rows (llama.cpp splits the product at n_ff), with
     * {@code ffn_down_exps} beside it.
     */
    FUSED_GATE_UP
}
