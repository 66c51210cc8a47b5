package dev.tramontane.engine.serve;

import dev.tramontane.engine.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keys and values of prompts seen before, reused by token prefix: a request that starts with the
 * same system prompt, conversation or retrieved context as an earlier one copies those positions
 * instead of recomputing them. The keys and values of position p depend only on tokens 0…p, so
 * the first m positions of <em>any</em> stored sequence serve any prompt that shares its first m
 * tokens. The copy is bit for bit what the forward pass stored for those tokens; a recomputation
 * through another path (batched tiles instead of one-token kernels) agrees with it as those paths
 * agree (docs/engine.md).
 *
 * <p>Bounded by bytes; the least recently used entry goes first. A stored sequence that extends an
 * older one replaces it. Thread-safe (the scheduler writes, stats are read from anywhere).
 */
public final class PromptCache {

    /** A stored prefix: its tokens and a KV cache of exactly that many positions, in the type it was computed in. */
    private static final class Entry {
        final int[] tokens;
        final KvCache kv;
        final long bytes;

        Entry(int[] tokens, KvCache kv, long bytes) {
            this.tokens = tokens;
            this.kv = kv;
            this.bytes = bytes;
        }
    }

    private final int layers;
    private final long maxBytes;
    private final int minTokens;
    /** Least recently used first. */
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;
    private long lookups;
    private long hits;
    private long reusedTokens;

    /**
     * @param layers    the model's layer count (every cache stored or restored has this many)
     * @param maxBytes  memory bound of all stored keys and values (0 = store nothing)
     * @param minTokens prefixes shorter than this are neither stored nor reused
     */
    public PromptCache(int layers, long maxBytes, int minTokens) {
        if (layers < 1 || maxBytes < 0 || minTokens < 1) {
            throw new IllegalArgumentException("prompt cache needs layers >= 1, maxBytes >= 0 and minTokens >= 1, got "
                    + layers + ", " + maxBytes + " and " + minTokens);
        }
        this.layers = layers;
        this.maxBytes = maxBytes;
        this.minTokens = minTokens;
    }

    /**
     * Copies into {@code target} the longest stored prefix of {@code prompt}, at most
     * {@code maxReuse} positions, and returns its length: the caller feeds the prompt from that
     * position on. Returns 0 (a miss) when no stored prefix reaches {@code minTokens}.
     */
    public synchronized int restore(int[] prompt, int maxReuse, KvCache target) {
        lookups++;
        Entry best = null;
        int bestLength = 0;
        int limit = Math.min(Math.min(maxReuse, prompt.length), target.capacity());
        for (Entry e : entries) {
            if (e.kv.type() != target.type()) {
                continue; // rounded differently: reusing it would change the logits
            }
            int common = commonPrefix(e.tokens, e.tokens.length, prompt, limit);
            if (common > bestLength) {
                best = e;
                bestLength = common;
            }
        }
        if (best == null || bestLength < minTokens) {
            return 0;
        }
        best.kv.copyPrefixTo(target, bestLength);
        touch(best);
        hits++;
        reusedTokens += bestLength;
        return bestLength;
    }

    /** Stores positions {@code 0 … length−1} of {@code source}, which hold {@code tokens[0 … length−1]}. */
    public synchronized void store(int[] tokens, int length, KvCache source) {
        long size = bytesFor(length, source);
        if (length < minTokens || size > maxBytes) {
            return;
        }
        for (Entry e : entries) {
            if (e.kv.type() == source.type() && e.tokens.length >= length && commonPrefix(e.tokens, e.tokens.length, tokens, length) == length) {
                touch(e); // already covered by a longer (or equal) entry
                return;
            }
        }
        entries.removeIf(e -> {
            boolean superseded = e.kv.type() == source.type()
                    && commonPrefix(e.tokens, e.tokens.length, tokens, length) == e.tokens.length;
            if (superseded) {
                bytes -= e.bytes;
            }
            return superseded;
        });
        entries.add(new Entry(Arrays.copyOf(tokens, length), source.copyOfPrefix(length), size));
        bytes += size;
        while (bytes > maxBytes && !entries.isEmpty()) {
            bytes -= entries.removeFirst().bytes;
        }
    }

    public synchronized PromptCacheStats stats() {
        return new PromptCacheStats(entries.size(), bytes, lookups, hits, reusedTokens);
    }

    /** Drops every entry (e.g. when the model changes); counters stay. */
    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    private void touch(Entry e) {
        entries.remove(e);
        entries.add(e);
    }

    private long bytesFor(int length, KvCache cache) {
        return cache.bytes() / cache.capacity() * length + (long) length * Integer.BYTES;
    }

    private static int commonPrefix(int[] a, int aLength, int[] b, int bLength) {
        int n = Math.min(aLength, bLength);
        int mismatch = Arrays.mismatch(a, 0, n, b, 0, n);
        return mismatch < 0 ? n : mismatch;
    }
}
