package dev.tramontane.engine.sampling;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Chooses the next token from a vector of logits with the chain
 * penalties → temperature → top-k → top-p → min-p → seeded draw (temperature 0: penalties, then the
 * most likely token, lowest id on ties). This is the order of Hugging Face's logits warpers;
 * llama.cpp applies temperature last, which gives the same top-k but a different top-p/min-p cut at
 * temperatures other than 1.
 *
 * <p>The penalties look at the tokens given to {@link #accept}: feed it the prompt and every chosen
 * token. One instance per sequence; not thread-safe. The random generator is L64X128MixRandom, so
 * a seed gives the same draws on every JVM.
 */
public final class Sampler {

    private final SamplingParams params;
    private final RandomGenerator random;
    private final ArrayDeque<Integer> recent = new ArrayDeque<>();

    public Sampler(SamplingParams params) {
        this.params = params;
        RandomGeneratorFactory<RandomGenerator> factory = RandomGeneratorFactory.of("L64X128MixRandom");
        this.random = params.seed() == SamplingParams.RANDOM_SEED ? factory.create() : factory.create(params.seed());
    }

    public SamplingParams params() {
        return params;
    }

    /** Records a token of the sequence (prompt or generated) for the penalties. */
    public void accept(int token) {
        if (params.penaltyLastN() == 0) {
            return;
        }
        recent.addLast(token);
        if (params.penaltyLastN() > 0 && recent.size() > params.penaltyLastN()) {
            recent.removeFirst();
        }
    }

    /** The next token; {@code logits} is left unchanged. */
    public int sample(float[] logits) {
        float[] l = logits.clone();
        applyPenalties(l);
        if (params.temperature() == 0) {
            return argmax(l);
        }
        for (int i = 0; i < l.length; i++) {
            l[i] /= params.temperature();
        }
        int[] order = sortedDescending(l);
        int kept = order.length;
        if (params.topK() > 0) {
            kept = Math.min(kept, params.topK());
        }
        kept = topP(l, order, kept, params.topP());
        kept = minP(l, order, kept, params.minP());
        return draw(l, order, kept, random.nextDouble());
    }

    /** llama.cpp's penalties: repetition divides a positive logit and multiplies a negative one; then count × frequency + presence. */
    void applyPenalties(float[] logits) {
        boolean neutral = params.repetitionPenalty() == 1f && params.frequencyPenalty() == 0f && params.presencePenalty() == 0f;
        if (neutral || recent.isEmpty()) {
            return;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (int token : recent) {
            counts.merge(token, 1, Integer::sum);
        }
        counts.forEach((token, count) -> {
            if (token < 0 || token >= logits.length) {
                return;
            }
            float logit = logits[token];
            logit = logit <= 0 ? logit * params.repetitionPenalty() : logit / params.repetitionPenalty();
            logits[token] = logit - count * params.frequencyPenalty() - params.presencePenalty();
        });
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Token ids by logit, highest first; equal logits keep id order. */
    static int[] sortedDescending(float[] logits) {
        long[] keys = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int bits = Float.floatToIntBits(logits[i]);
            int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[i] = ((long) ~ascending << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** How many of the first {@code kept} candidates make up at least probability {@code p}. */
    static int topP(float[] logits, int[] order, int kept, float p) {
        if (p >= 1f) {
            return kept;
        }
        double[] probs = softmax(logits, order, kept);
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += probs[i];
            if (cumulative >= p) {
                return i + 1;
            }
        }
        return kept;
    }

    /** How many of the first {@code kept} candidates are at least {@code minP ×} as likely as the first. */
    static int minP(float[] logits, int[] order, int kept, float minP) {
        if (minP <= 0f) {
            return kept;
        }
        double threshold = logits[order[0]] + Math.log(minP);
        int n = 1;
        while (n < kept && logits[order[n]] >= threshold) {
            n++;
        }
        return n;
    }

    static int draw(float[] logits, int[] order, int kept, double uniform) {
        double[] probs = softmax(logits, order, kept);
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += probs[i];
            if (uniform < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    static double[] softmax(float[] logits, int[] order, int kept) {
        double max = logits[order[0]];
        double[] probs = new double[kept];
        double sum = 0;
        for (int i = 0; i < kept; i++) {
            probs[i] = Math.exp(logits[order[i]] - max);
            sum += probs[i];
        }
        for (int i = 0; i < kept; i++) {
            probs[i] /= sum;
        }
        return probs;
    }
}
