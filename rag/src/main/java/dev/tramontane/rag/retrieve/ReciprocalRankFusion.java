package dev.tramontane.rag.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's fused score is
 * {@code Σ 1 / (k + rank)} over the rankings that contain it, ranks starting at 1. It needs no score
 * calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
public final class ReciprocalRankFusion {

    /**
     * The constant k of the paper, 60: large enough that the first few ranks of one list do not
     * drown the other list, the value the paper found robust across collections.
     */
    public static final int DEFAULT_K = 60;

    /** An item and its fused score. */
    public record Fused(String id, double score) {
    }

    private ReciprocalRankFusion() {}

    /** Fuses rankings (each best first, ids unique within a ranking); ties keep first-seen order. */
    public static List<Fused> fuse(List<List<String>> rankings, int k) {
        return fuse(rankings, rankings.stream().map(r -> 1.0).toList(), k);
    }

    /**
     * Weighted fusion: ranking j contributes {@code weights[j] / (k + rank)}; a weight below 1 lets a
     * leg known to be weaker (an English-only embedding model on a German query) break ties without
     * overruling the stronger leg.
     */
    public static List<Fused> fuse(List<List<String>> rankings, List<Double> weights, int k) {
        if (weights.size() != rankings.size()) {
            throw new IllegalArgumentException(rankings.size() + " rankings need " + rankings.size() + " weights, got " + weights.size());
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int j = 0; j < rankings.size(); j++) {
            List<String> ranking = rankings.get(j);
            double weight = weights.get(j);
            for (int i = 0; i < ranking.size(); i++) {
                scores.merge(ranking.get(i), weight / (k + i + 1), Double::sum);
            }
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(id, score)));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed());
        return fused;
    }
}
