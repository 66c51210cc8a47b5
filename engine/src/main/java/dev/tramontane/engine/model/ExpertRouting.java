package dev.tramontane.engine.model;

import java.util.Arrays;

/**
 * Mixtral's router decision for one token: the chosen experts and their weights.
 *
 * @param experts expert ids, highest probability first
 * @param weights the matching weights, summing to 1
 */
public record ExpertRouting(int[] experts, float[] weights) {

    /**
     * Routes as Mixtral (and llama.cpp for {@code llama} MoE files) does: softmax over all router
     * logits, keep the {@code k} most probable experts, renormalise their probabilities to sum to 1.
     * Ties go to the lower expert id.
     */
    public static ExpertRouting topK(float[] routerLogits, int k) {
        int n = routerLogits.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("cannot route to " + k + " of " + n + " experts");
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : routerLogits) {
            max = Math.max(max, v);
        }
        float[] probs = new float[n];
        float sum = 0;
        for (int i = 0; i < n; i++) {
            probs[i] = (float) Math.exp(routerLogits[i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < n; i++) {
            probs[i] /= sum;
        }
        int[] experts = new int[k];
        float[] weights = new float[k];
        boolean[] taken = new boolean[n];
        float chosenSum = 0;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || probs[i] > probs[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            experts[j] = best;
            weights[j] = probs[best];
            chosenSum += probs[best];
        }
        for (int j = 0; j < k; j++) {
            weights[j] /= chosenSum;
        }
        return new ExpertRouting(experts, weights);
    }

    @Override
    public String toString() {
        return "ExpertRouting" + Arrays.toString(experts) + Arrays.toString(weights);
    }
}
