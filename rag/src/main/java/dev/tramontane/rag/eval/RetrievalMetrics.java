package dev.tramontane.rag.eval;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Recall@k (share of questions whose gold document is among the first k results) and mean reciprocal
 * rank (1 / rank of the gold document, 0 when it is not among the results; results are cut at the
 * largest k asked for, so this is MRR@max k).
 */
public final class RetrievalMetrics {

    private final List<Integer> ks;
    private final long[] hits;
    private double reciprocalRanks;
    private int questions;

    public RetrievalMetrics(List<Integer> ks) {
        this.ks = List.copyOf(ks);
        this.hits = new long[ks.size()];
    }

    /** Records one question: {@code goldRank} is the 1-based rank of its gold document, or 0 if absent. */
    public void record(int goldRank) {
        questions++;
        int cut = ks.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (goldRank > 0 && goldRank <= cut) {
            reciprocalRanks += 1.0 / goldRank;
        }
        for (int i = 0; i < ks.size(); i++) {
            if (goldRank > 0 && goldRank <= ks.get(i)) {
                hits[i]++;
            }
        }
    }

    public int questions() {
        return questions;
    }

    public double recallAt(int k) {
        int i = ks.indexOf(k);
        if (i < 0) {
            throw new IllegalArgumentException("recall@" + k + " was not measured; measured: " + ks);
        }
        return questions == 0 ? 0 : (double) hits[i] / questions;
    }

    public double mrr() {
        return questions == 0 ? 0 : reciprocalRanks / questions;
    }

    /** recall@k for each k in ascending order. */
    public SortedMap<Integer, Double> recalls() {
        SortedMap<Integer, Double> recalls = new TreeMap<>();
        ks.forEach(k -> recalls.put(k, recallAt(k)));
        return recalls;
    }
}
