package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExpertRoutingTest {

    @Test
    void picksTheTwoMostProbableExpertsAndRenormalisesTheirWeights() {
        float[] logits = {0.1f, 2.0f, -1.0f, 1.5f, 0.3f, -3f, 1.9f, 0f};
        ExpertRouting r = ExpertRouting.topK(logits, 2);
        assertThat(r.experts()).containsExactly(1, 6);
        // softmax then renormalise over the chosen two = softmax over just those two logits
        double e1 = Math.exp(2.0), e6 = Math.exp(1.9);
        assertThat(r.weights()[0]).isCloseTo((float) (e1 / (e1 + e6)), within(1e-6f));
        assertThat(r.weights()[1]).isCloseTo((float) (e6 / (e1 + e6)), within(1e-6f));
    }

    @Test
    void routingToEveryExpertKeepsTheFullSoftmax() {
        ExpertRouting r = ExpertRouting.topK(new float[] {0f, (float) Math.log(3)}, 2);
        assertThat(r.experts()).containsExactly(1, 0);
        assertThat(r.weights()).containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
    }

    @Test
    void largeLogitsDoNotOverflow() {
        ExpertRouting r = ExpertRouting.topK(new float[] {1000f, 999f, -1000f}, 1);
        assertThat(r.experts()).containsExactly(0);
        assertThat(r.weights()).containsExactly(1f);
    }
}
