package dev.tramontane.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopDetectorTest {

    @Test
    void findsAStopStringSplitAcrossPiecesAndReleasesOnlyTheTextBeforeIt() {
        StopDetector detector = new StopDetector(List.of("\nUser:"));
        StringBuilder shown = new StringBuilder();
        for (String piece : new String[] {"Hello", " there", "\nUs", "er", ": more"}) {
            shown.append(detector.accept(piece));
        }
        assertThat(shown.toString()).isEqualTo("Hello there");
        assertThat(detector.stopped()).isTrue();
        assertThat(detector.matchedStop()).isEqualTo("\nUser:");
        assertThat(detector.accept("after")).isEmpty();
    }

    @Test
    void holdsBackAPossibleStartAndReleasesItWhenItTurnsOutNotToBeOne() {
        StopDetector detector = new StopDetector(List.of("###"));
        assertThat(detector.accept("a#")).isEqualTo("a");
        assertThat(detector.accept("#")).isEmpty();
        assertThat(detector.accept("b")).isEqualTo("##b");
        assertThat(detector.stopped()).isFalse();
    }

    @Test
    void flushReleasesHeldTextAtTheEnd() {
        StopDetector detector = new StopDetector(List.of("</answer>"));
        assertThat(detector.accept("done</ans")).isEqualTo("done");
        assertThat(detector.flush()).isEqualTo("</ans");
    }

    @Test
    void stopsAtTheEarliestOfSeveralStopStrings() {
        StopDetector detector = new StopDetector(List.of("END", "x"));
        assertThat(detector.accept("abxcdEND")).isEqualTo("ab");
        assertThat(detector.matchedStop()).isEqualTo("x");
    }

    @Test
    void passesEverythingThroughWithoutStopStrings() {
        StopDetector detector = new StopDetector(List.of());
        assertThat(detector.accept("any text")).isEqualTo("any text");
        assertThat(detector.flush()).isEmpty();
    }
}
