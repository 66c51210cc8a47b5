package dev.tramontane.engine.tokenizer;

import java.util.PriorityQueue;

/**
 * The merge pass of a SentencePiece BPE vocabulary, on one fragment of text whose spaces are
 * already {@code ▁}. Start from one symbol per character; repeatedly join the adjacent pair whose
 * joined text is a vocabulary piece with the highest score (on equal scores, the leftmost pair);
 * stop when no adjacent pair forms a piece. A final symbol that is not a piece (a character outside
 * the vocabulary) is written as its UTF-8 bytes through the {@code <0xNN>} byte pieces.
 *
 * <p>This is the order llama.cpp's {@code llm_tokenizer_spm} uses, which is what the fixture suites
 * check token for token: the queue may hold pairs that a neighbour's merge has made stale, and a
 * pair is stale exactly when the two symbols' lengths no longer add up to the pair's length.
 */
final class SentencePieceMerger {

    private record Pair(int left, int right, float score, int length) {}

    private final Tokenizer tokenizer;

    SentencePieceMerger(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    void encode(String text, IntList out) {
        int n = text.codePointCount(0, text.length());
        if (n == 0) {
            return;
        }
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            int chars = Character.charCount(text.codePointAt(offset));
            start[i] = offset;
            length[i] = chars;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            offset += chars;
        }

        PriorityQueue<Pair> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score)
                : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            offer(queue, text, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Pair pair = queue.poll();
            int left = pair.left;
            int right = pair.right;
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != pair.length) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, text, start, length, prev[left], left);
            offer(queue, text, start, length, left, next[left]);
        }

        for (int i = 0; i != -1; i = next[i]) {
            String piece = text.substring(start[i], start[i] + length[i]);
            int id = tokenizer.idOf(piece);
            if (id >= 0) {
                out.add(id);
            } else {
                tokenizer.appendBytes(piece, out);
            }
        }
    }

    private void offer(PriorityQueue<Pair> queue, String text, int[] start, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int joined = length[left] + length[right];
        int id = tokenizer.idOf(text.substring(start[left], start[left] + joined));
        if (id >= 0) {
            queue.add(new Pair(left, right, tokenizer.vocabulary().score(id), joined));
        }
    }
}
