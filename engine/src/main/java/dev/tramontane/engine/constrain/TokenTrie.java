package dev.tramontane.engine.constrain;

import dev.tramontane.engine.tokenizer.TokenType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The byte strings of a vocabulary's text tokens as a trie laid out in preorder, so a constraint can
 * walk it with its automaton and check each shared prefix once (a rejected byte skips the whole
 * subtree). Control, unknown and unused tokens are not in it: they are never part of constrained
 * text. Immutable; built once per tokenizer and cached ({@link #of}).
 *
 * <pre>
 * node i:  byteAt[i]     the byte on the edge into i (root 0 has none)
 *          depth[i]      bytes from the root (root 0)
 *          subtreeEnd[i] first node after i's subtree: skipping a rejected byte is i = subtreeEnd[i]
 *          tokens[tokenStart[i] .. tokenStart[i+1])  ids whose bytes end exactly at i
 * </pre>
 */
public final class TokenTrie {

    private static final Map<Tokenizer, TokenTrie> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    final byte[] byteAt;
    final int[] depth;
    final int[] subtreeEnd;
    final int[] tokenStart;
    final int[] tokens;
    final int maxDepth;
    final int vocabSize;
    /** For each byte value, a token that is exactly that byte, or -1. */
    final int[] singleByteToken = new int[256];
    private final long[] member;

    private TokenTrie(Tokenizer tokenizer) {
        vocabSize = tokenizer.vocabSize();
        member = new long[(vocabSize + 63) >>> 6];
        List<byte[]> strings = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < vocabSize; id++) {
            TokenType type = tokenizer.vocabulary().type(id);
            if (type == TokenType.CONTROL || type == TokenType.UNKNOWN || type == TokenType.UNUSED) {
                continue;
            }
            byte[] bytes = tokenizer.pieceBytes(id, false);
            if (bytes.length > 0) {
                strings.add(bytes);
                ids.add(id);
                member[id >>> 6] |= 1L << id;
            }
        }
        Integer[] order = new Integer[strings.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(strings.get(a), strings.get(b)));

        int capacity = 1;
        for (byte[] s : strings) {
            capacity += s.length;
        }
        byte[] byteAtB = new byte[capacity];
        int[] depthB = new int[capacity];
        int[] endB = new int[capacity];
        int[] startB = new int[capacity + 1];
        int[] tokenList = new int[order.length];
        int[] path = new int[capacity];
        int nodes = 1;
        int tokenCount = 0;
        int pathLength = 0; // path[0..pathLength) are the open nodes below the root
        byte[] previous = new byte[0];
        int longest = 0;
        Arrays.fill(singleByteToken, -1);
        for (Integer index : order) {
            byte[] s = strings.get(index);
            int common = 0;
            while (common < s.length && common < previous.length && s[common] == previous[common]) {
                common++;
            }
            while (pathLength > common) {
                endB[path[--pathLength]] = nodes;
            }
            for (int d = common; d < s.length; d++) {
                byteAtB[nodes] = s[d];
                depthB[nodes] = d + 1;
                startB[nodes] = tokenCount;
                path[pathLength++] = nodes;
                nodes++;
            }
            tokenList[tokenCount++] = ids.get(index);
            if (s.length == 1 && singleByteToken[s[0] & 0xFF] < 0) {
                singleByteToken[s[0] & 0xFF] = ids.get(index);
            }
            longest = Math.max(longest, s.length);
            previous = s;
        }
        while (pathLength > 0) {
            endB[path[--pathLength]] = nodes;
        }
        endB[0] = nodes;
        startB[nodes] = tokenCount;
        this.byteAt = Arrays.copyOf(byteAtB, nodes);
        this.depth = Arrays.copyOf(depthB, nodes);
        this.subtreeEnd = Arrays.copyOf(endB, nodes);
        this.tokenStart = Arrays.copyOf(startB, nodes + 1);
        this.tokens = tokenList;
        this.maxDepth = longest;
    }

    /** The trie of {@code tokenizer}'s vocabulary, built on first use and shared. */
    public static TokenTrie of(Tokenizer tokenizer) {
        return CACHE.computeIfAbsent(tokenizer, TokenTrie::new);
    }

    /** Whether {@code token} is a text token of this trie (not control, unknown, unused or empty). */
    public boolean contains(int token) {
        return token >= 0 && token < vocabSize && (member[token >>> 6] & (1L << token)) != 0;
    }

    public int nodeCount() {
        return byteAt.length;
    }

    public int tokenCount() {
        return tokens.length;
    }

    /** Bytes of the longest token. */
    public int maxTokenBytes() {
        return maxDepth;
    }
}
