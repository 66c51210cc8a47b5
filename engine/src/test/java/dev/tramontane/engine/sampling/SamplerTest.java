package dev.tramontane.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** Probabilities 0.4, 0.3, 0.2, 0.1 (log-space), token 0 the most likely. */
    private static final float[] FOUR = {(float) Math.log(0.4), (float) Math.log(0.3), (float) Math.log(0.2), (float) Math.log(0.1)};

    private static SamplingParams plain() {
        // temperature 1 and every filter off: the draw follows the softmax exactly
        return new SamplingParams(1f, 0, 1f, 0f, 1f, 0f, 0f, 64, 42, 100, List.of());
    }

    private static Map<Integer, Integer> histogram(SamplingParams params, float[] logits, int draws) {
        Sampler sampler = new Sampler(params);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(sampler.sample(logits), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sameSeedGivesTheSameSequenceAndAnotherSeedAnotherOne() {
        float[] logits = new float[100];
        Random random = new Random(7);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        SamplingParams params = plain().withSeed(1234);
        int[] a = new int[50];
        int[] b = new int[50];
        int[] c = new int[50];
        Sampler first = new Sampler(params);
        Sampler second = new Sampler(params);
        Sampler other = new Sampler(params.withSeed(99));
        for (int i = 0; i < 50; i++) {
            a[i] = first.sample(logits);
            b[i] = second.sample(logits);
            c[i] = other.sample(logits);
        }
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void greedyPicksTheHighestLogitAndTheLowestIdOnTies() {
        Sampler sampler = new Sampler(SamplingParams.greedy());
        assertThat(sampler.sample(new float[] {0.1f, 3f, -2f, 2.9f})).isEqualTo(1);
        assertThat(sampler.sample(new float[] {1f, 5f, 5f})).isEqualTo(1);
    }

    @Test
    void drawsFollowTheSoftmaxWhenEveryFilterIsOff() {
        Map<Integer, Integer> counts = histogram(plain(), FOUR, 20_000);
        assertThat(counts.get(0) / 20_000.0).isCloseTo(0.4, within(0.02));
        assertThat(counts.get(1) / 20_000.0).isCloseTo(0.3, within(0.02));
        assertThat(counts.get(2) / 20_000.0).isCloseTo(0.2, within(0.02));
        assertThat(counts.get(3) / 20_000.0).isCloseTo(0.1, within(0.02));
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyTokens() {
        Map<Integer, Integer> counts = histogram(plain().withTopK(2), FOUR, 5_000);
        assertThat(counts.keySet()).containsExactlyInAnyOrder(0, 1);
        assertThat(counts.get(0) / 5_000.0).isCloseTo(0.4 / 0.7, within(0.03));
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheProbability() {
        // 0.4 + 0.3 = 0.7 >= 0.65: tokens 0 and 1; at 0.75 token 2 is needed too
        assertThat(histogram(plain().withTopP(0.65f), FOUR, 3_000).keySet()).containsExactlyInAnyOrder(0, 1);
        assertThat(histogram(plain().withTopP(0.75f), FOUR, 3_000).keySet()).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void minPDropsTokensLessLikelyThanAFractionOfTheBest() {
        // best 0.4: min-p 0.45 keeps p >= 0.18 (tokens 0, 1, 2), min-p 0.6 keeps p >= 0.24 (tokens 0, 1)
        assertThat(histogram(plain().withMinP(0.45f), FOUR, 3_000).keySet()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(histogram(plain().withMinP(0.6f), FOUR, 3_000).keySet()).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void lowTemperatureSharpensAndHighTemperatureFlattensTheDistribution() {
        double coldShare = histogram(plain().withTemperature(0.25f), FOUR, 5_000).get(0) / 5_000.0;
        double hotShare = histogram(plain().withTemperature(4f), FOUR, 5_000).get(0) / 5_000.0;
        // p0 ∝ 0.4^(1/T): T=0.25 → 0.0256/(0.0256+0.0081+0.0016+0.0001) ≈ 0.725; T=4 → ≈ 0.298
        assertThat(coldShare).isCloseTo(0.725, within(0.03));
        assertThat(hotShare).isCloseTo(0.298, within(0.03));
    }

    @Test
    void repetitionPenaltyDividesPositiveLogitsAndMultipliesNegativeOnes() {
        Sampler sampler = new Sampler(plain().withRepetitionPenalty(2f));
        sampler.accept(0);
        sampler.accept(1);
        float[] logits = {3f, -1f, 5f};
        sampler.applyPenalties(logits);
        assertThat(logits).containsExactly(1.5f, -2f, 5f);
    }

    @Test
    void frequencyAndPresencePenaltiesSubtractCountTimesFrequencyPlusPresence() {
        Sampler sampler = new Sampler(plain().withFrequencyPenalty(0.5f).withPresencePenalty(0.25f));
        for (int token : new int[] {2, 2, 2, 0}) {
            sampler.accept(token);
        }
        float[] logits = {1f, 1f, 1f};
        sampler.applyPenalties(logits);
        assertThat(logits[0]).isCloseTo(1f - 0.5f - 0.25f, within(1e-6f));
        assertThat(logits[1]).isEqualTo(1f);
        assertThat(logits[2]).isCloseTo(1f - 3 * 0.5f - 0.25f, within(1e-6f));
    }

    @Test
    void penaltiesOnlySeeTheLastNTokens() {
        Sampler sampler = new Sampler(plain().withRepetitionPenalty(2f).withPenaltyLastN(2));
        sampler.accept(0);
        sampler.accept(1);
        sampler.accept(2);
        float[] logits = {4f, 4f, 4f};
        sampler.applyPenalties(logits);
        assertThat(logits).containsExactly(4f, 2f, 2f);
    }

    @Test
    void greedyStillAppliesThePenalties() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepetitionPenalty(4f));
        sampler.accept(0);
        assertThat(sampler.sample(new float[] {2f, 1f})).isEqualTo(1);
    }

    @Test
    void rejectsParametersOutsideTheirRangeWithTheirName() {
        assertThatThrownBy(() -> SamplingParams.defaults().withTopP(0f)).hasMessageContaining("topP = 0.0");
        assertThatThrownBy(() -> SamplingParams.defaults().withTemperature(-1f)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingParams.defaults().withStop(List.of(""))).hasMessageContaining("stop strings");
    }
}
