package dev.tramontane.engine.constrain;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;

/**
 * Constrained decoding of one sequence: allows exactly the tokens whose bytes keep the output a
 * prefix of some document of the grammar that can still be finished within the token budget, and
 * EOS once the document is whole. Tokens are checked by walking the vocabulary's {@link TokenTrie}
 * with the grammar's immutable states, so a prefix shared by many tokens is checked once and a
 * rejected byte prunes its whole subtree. Made by {@link JsonSchemaConstraint#start(int)}.
 *
 * <p>Termination: each state knows the fewest bytes that finish the document; a token is allowed
 * only if that number after it is at most the tokens left after it. As every byte has a
 * single-byte token, a closing path always fits, and at the budget only closing paths remain.
 *
 * <p>One instance per sequence; not thread-safe.
 */
public final class JsonConstraint implements TokenConstraint {

    private final Tokenizer tokenizer;
    private final TokenTrie trie;
    private final Frame[] walk;
    private final long[] allowed;
    private final int eos;
    private Frame state;
    /** The last mask computed in the running text of a string, reusable while its key holds (see {@link StringFrame#freeTextKey}). */
    private Object cachedKey;
    private long[] cachedAllowed;
    private int cachedRemaining;
    private boolean cachedBudgetBound;
    /** The largest shortest-completion among the tokens the cached mask allows. */
    private int cachedMaxNeeded;
    /** Set by {@link #walkTrie}: whether the budget refused a token, and the largest shortest-completion it allowed. */
    private boolean walkBudgetBound;
    private int walkMaxNeeded;
    private int remaining;
    private boolean ended;
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    JsonConstraint(Frame start, Tokenizer tokenizer, TokenTrie trie, int maxTokens) {
        this.state = start;
        this.tokenizer = tokenizer;
        this.trie = trie;
        this.walk = new Frame[trie.maxDepth + 1];
        this.allowed = new long[(trie.vocabSize + 63) >>> 6];
        this.eos = tokenizer.eos();
        this.remaining = maxTokens;
    }

    @Override
    public void mask(float[] logits) {
        computeAllowed(true);
        apply(logits);
    }

    /** {@link #mask} without reusing an earlier walk: what the first token of a string costs; for measurements. */
    void maskWithoutCache(float[] logits) {
        computeAllowed(false);
        apply(logits);
    }

    private void apply(float[] logits) {
        for (int t = 0; t < logits.length; t++) {
            if (t >= trie.vocabSize || (allowed[t >>> 6] & (1L << t)) == 0) {
                logits[t] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** Whether {@code token} may come next (what {@link #mask} leaves unmasked). */
    public boolean allows(int token) {
        if (token == eos) {
            return !ended && state.canEnd();
        }
        if (ended || remaining <= 0 || !trie.contains(token)) {
            return false; // control, unknown and unused tokens are never part of the JSON text
        }
        Frame after = advance(state, tokenizer.pieceBytes(token, false));
        return after != null && after.minClose <= remaining - 1;
    }

    /** How many tokens {@link #mask} would leave; for measurements and tests. */
    public int allowedCount() {
        computeAllowed(true);
        int n = 0;
        for (long word : allowed) {
            n += Long.bitCount(word);
        }
        return n;
    }

    @Override
    public void accept(int token) {
        if (!allows(token)) {
            throw new IllegalArgumentException("token " + token + " (" + tokenizer.piece(token) + ") may not follow \""
                    + text() + "\" under the JSON constraint (" + remaining + " tokens left); sample from masked logits");
        }
        if (token == eos) {
            ended = true;
            return;
        }
        byte[] piece = tokenizer.pieceBytes(token, false);
        state = advance(state, piece);
        bytes.writeBytes(piece);
        remaining--;
    }

    @Override
    public boolean canEnd() {
        return ended || state.canEnd();
    }

    @Override
    public boolean isComplete() {
        if (ended || state == DoneFrame.INSTANCE) {
            return true;
        }
        if (!state.canEnd()) {
            return false;
        }
        if (remaining <= 0) {
            return true; // the budget is spent on a whole document: only EOS may follow (e.g. a top-level number)
        }
        for (int b = 0; b < 256; b++) {
            if (state.step(b) != null) {
                return false; // e.g. a top-level number that may take more digits
            }
        }
        return true;
    }

    Frame state() {
        return state;
    }

    /** Tokens left in the budget. */
    public int remainingTokens() {
        return remaining;
    }

    /** The text accepted so far (an unfinished multi-byte character shows as U+FFFD). */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Frame advance(Frame from, byte[] piece) {
        Frame s = from;
        for (int i = 0; i < piece.length && s != null; i++) {
            s = s.step(piece[i] & 0xFF);
        }
        return s;
    }

    private void computeAllowed(boolean useCache) {
        java.util.Arrays.fill(allowed, 0);
        if (ended) {
            return;
        }
        Object key = state instanceof StringFrame text ? text.freeTextKey(trie.maxDepth) : null;
        // The cached set still holds if every token in it still fits the budget, and, when the
        // budget refused some token back then, no more tokens are left now than then.
        boolean fits = remaining - 1 >= cachedMaxNeeded && (!cachedBudgetBound || remaining <= cachedRemaining);
        if (useCache && key != null && key.equals(cachedKey) && fits) {
            System.arraycopy(cachedAllowed, 0, allowed, 0, allowed.length);
            return;
        }
        walkTrie();
        if (key != null) {
            cachedKey = key;
            cachedAllowed = allowed.clone();
            cachedRemaining = remaining;
            cachedBudgetBound = walkBudgetBound;
            cachedMaxNeeded = walkMaxNeeded;
        }
    }

    /** Marks the allowed tokens, and records whether the budget refused any and the largest shortest-completion allowed. */
    private void walkTrie() {
        if (eos >= 0 && state.canEnd()) {
            allowed[eos >>> 6] |= 1L << eos;
        }
        int limit = remaining - 1;
        walkBudgetBound = limit < 0;
        walkMaxNeeded = 0;
        if (limit < 0) {
            return;
        }
        boolean budgetBound = false;
        int maxNeeded = 0;
        byte[] byteAt = trie.byteAt;
        int[] depth = trie.depth;
        int[] subtreeEnd = trie.subtreeEnd;
        int[] tokenStart = trie.tokenStart;
        int[] tokens = trie.tokens;
        Frame[] walk = this.walk;
        walk[0] = state;
        int n = byteAt.length;
        int i = 1;
        while (i < n) {
            int d = depth[i];
            Frame s = walk[d - 1].step(byteAt[i] & 0xFF);
            if (s == null) {
                i = subtreeEnd[i];
                continue;
            }
            walk[d] = s;
            if (s.minClose <= limit) {
                if (tokenStart[i] < tokenStart[i + 1]) {
                    maxNeeded = Math.max(maxNeeded, s.minClose);
                }
                for (int k = tokenStart[i]; k < tokenStart[i + 1]; k++) {
                    int t = tokens[k];
                    allowed[t >>> 6] |= 1L << t;
                }
            } else if (tokenStart[i] < tokenStart[i + 1]) {
                budgetBound = true;
            }
            i++;
        }
        walkBudgetBound = budgetBound;
        walkMaxNeeded = maxNeeded;
    }
}
