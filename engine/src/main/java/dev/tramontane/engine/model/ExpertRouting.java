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
        int[] experts = new int[k];
        float[] weights = new float[k];
        topK(routerLogits, 0, n, k, new float[n], experts, weights, 0);
        return new ExpertRouting(experts, weights);
    }

    /**
     * {@link #topK(float[], int)} without allocating, for the token loop: routes the {@code n}
     * logits at {@code logits[from ..]} and writes the chosen experts and their weights to
     * {@code experts[out ..]} and {@code weights[out ..]} ({@code k} each); {@code probs} is
     * scratch of at least n floats. The same arithmetic, so the same routing.
     */
    static void topK(float[] logits, int from, int n, int k, float[] probs, int[] experts, float[] weights, int out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            probs[i] = (float) Math.exp(logits[from + i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < n; i++) {
            probs[i] /= sum;
        }
        float chosenSum = 0;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!chosenBefore(experts, out, j, i) && (best < 0 || probs[i] > probs[best])) {
                    best = i;
                }
            }
            experts[out + j] = best;
            weights[out + j] = probs[best];
            chosenSum += probs[best];
        }
        for (int j = 0; j < k; j++) {
            weights[out + j] /= chosenSum;
        }
    }

    private static boolean chosenBefore(int[] experts, int out, int count, int expert) {
        for (int j = 0; j < count; j++) {
            if (experts[out + j] == expert) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ExpertRouting" + Arrays.toString(experts) + Arrays.toString(weights);
    }
}
