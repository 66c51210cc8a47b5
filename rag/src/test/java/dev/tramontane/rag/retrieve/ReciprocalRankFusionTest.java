package dev.tramontane.rag.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    @Test
    void scoresEachItemBySumOfReciprocalRanksPlusK() {
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(
                List.of(List.of("a", "b", "c"), List.of("c", "a", "d")), 60);
        assertThat(fused).extracting(ReciprocalRankFusion.Fused::id).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
    }

    @Test
    void anItemBothLegsRankModeratelyBeatsAnItemOnlyOneLegRanksFirst() {
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(
                List.of(List.of("solo", "x1", "x2", "both"), List.of("y1", "y2", "y3", "both")), 60);
        assertThat(fused.getFirst().id()).isEqualTo("both");
    }

    @Test
    void aSmallKLetsTheTopOfOneListDominate() {
        List<List<String>> rankings = List.of(List.of("solo", "x1", "x2", "both"), List.of("y1", "y2", "y3", "both"));
        assertThat(ReciprocalRankFusion.fuse(rankings, 1).getFirst().id()).isEqualTo("solo");
    }

    @Test
    void aLowerWeightLetsTheOtherLegWinDisagreementsButStillBreaksTies() {
        List<List<String>> rankings = List.of(List.of("b1", "b2", "shared"), List.of("d1", "shared", "b2"));
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(rankings, List.of(1.0, 0.5), 60);
        assertThat(fused).extracting(ReciprocalRankFusion.Fused::id).containsExactly("b2", "shared", "b1", "d1");
        assertThat(fused.getFirst().score()).isCloseTo(1.0 / 62 + 0.5 / 63, within(1e-12));
    }

    @Test
    void emptyRankingsFuseToNothing() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of(), List.of()), 60)).isEmpty();
    }
}
