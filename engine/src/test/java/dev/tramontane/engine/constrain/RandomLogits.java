package dev.tramontane.engine.constrain;

import java.util.SplittableRandom;

/**
 * A stand-in for a model with random weights: seeded Gaussian logits each step, plus a fixed bias
 * per "model" that makes it obsessed with a few random tokens, and sometimes a strong dislike of
 * EOS so that only the token budget can end its output.
 */
final class RandomLogits {

    private final SplittableRandom random;
    private final float[] bias;
    private final float sigma;

    RandomLogits(long seed, int vocabSize, int eos) {
        this.random = new SplittableRandom(seed);
        this.bias = new float[vocabSize];
        this.sigma = 0.5f + 4f * (float) random.nextDouble();
        int favourites = random.nextInt(1, 200);
        for (int i = 0; i < favourites; i++) {
            bias[random.nextInt(vocabSize)] += (float) (random.nextDouble() * 8);
        }
        if (eos >= 0) {
            bias[eos] = random.nextBoolean() ? -30f : (float) (random.nextDouble() * 10);
        }
    }

    float[] next() {
        float[] logits = new float[bias.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = bias[i] + sigma * (float) random.nextGaussian();
        }
        return logits;
    }
}
