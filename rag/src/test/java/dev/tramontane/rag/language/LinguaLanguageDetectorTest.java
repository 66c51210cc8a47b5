package dev.tramontane.rag.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinguaLanguageDetectorTest {

    private static final LinguaLanguageDetector DETECTOR = new LinguaLanguageDetector();

    @Test
    void recognisesEachOfTheFiveLanguagesInShortQueries() {
        assertThat(DETECTOR.detect("Where does the river end?")).isEqualTo("en");
        assertThat(DETECTOR.detect("Où se termine la rivière ?")).isEqualTo("fr");
        assertThat(DETECTOR.detect("Wo endet der Fluss?")).isEqualTo("de");
        assertThat(DETECTOR.detect("¿Dónde termina el río?")).isEqualTo("es");
        assertThat(DETECTOR.detect("Dove finisce il fiume?")).isEqualTo("it");
    }

    @Test
    void textWithoutLettersIsUndetermined() {
        assertThat(DETECTOR.detect("1234 — 56.7 %")).isEqualTo("und");
        assertThat(DETECTOR.detect("")).isEqualTo("und");
    }

    @Test
    void theFixedDetectorOverridesDetection() {
        assertThat(LanguageDetector.fixed("it").detect("Where does the river end?")).isEqualTo("it");
    }
}
