package dev.tramontane.rag.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApproximateTokenCounterTest {

    private final ApproximateTokenCounter counter = new ApproximateTokenCounter();

    @Test
    void countsOneTokenPerStartedFourLettersAndOnePerPunctuationMark() {
        assertThat(counter.count("")).isZero();
        assertThat(counter.count("   ")).isZero();
        assertThat(counter.count("the")).isEqualTo(1);
        assertThat(counter.count("Hello, world!")).isEqualTo(2 + 1 + 2 + 1);
        assertThat(counter.count("Donaudampfschifffahrt")).isEqualTo(6);
        assertThat(counter.count("l'été 2024")).isEqualTo(1 + 1 + 1 + 1);
    }

    @Test
    void landsNearTheFourCharactersPerTokenRuleOnProse() {
        String prose = "Les marées sont provoquées par l'attraction de la Lune et du Soleil sur les océans de la Terre.";
        int tokens = counter.count(prose);

        assertThat(tokens).isBetween(prose.length() / 5, prose.length() / 3);
    }
}
