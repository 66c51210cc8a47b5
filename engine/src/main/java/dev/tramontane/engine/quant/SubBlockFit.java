package dev.tramontane.engine.quant;

/**
 * The simple fit the K-quant quantizers use for now: per sub-block, an affine range
 * {@code [min, max]} (min clamped to ≤ 0 as GGML does, so the stored minimum is non-negative) or a
 * symmetric scale from the value of largest magnitude. GGML's quantizers additionally search
 * scales to minimise weighted error ({@code make_qkx2_quants}); that refinement is future work and
 * changes only the quality of the chosen scales, never the format.
 */
final class SubBlockFit {

    private SubBlockFit() {}

    /** Fills {@code scale[s]} and {@code negMin[s]} (≥ 0) for sub-blocks of {@code size}, quantized to {@code levels - 1}. */
    static void affine(float[] x, int xOffset, int subBlocks, int size, int levels, float[] scale, float[] negMin) {
        for (int s = 0; s < subBlocks; s++) {
            float min = 0f;
            float max = 0f;
            for (int i = 0; i < size; i++) {
                float v = x[xOffset + s * size + i];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            scale[s] = (max - min) / (levels - 1);
            negMin[s] = -min;
        }
    }

    /** Quantizes non-negative {@code values} to integers in {@code 0..maxQ} with one scale {@code max / maxQ}; returns that scale. */
    static float unsignedScale(float[] values, int maxQ, int[] out) {
        float max = 0f;
        for (float v : values) {
            max = Math.max(max, v);
        }
        float d = max / maxQ;
        float id = d != 0f ? 1f / d : 0f;
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.min(maxQ, Rounding.roundHalfAway(values[i] * id));
        }
        return d;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
