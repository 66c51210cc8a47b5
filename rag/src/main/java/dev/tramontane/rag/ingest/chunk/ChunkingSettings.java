package dev.tramontane.rag.ingest.chunk;

/**
 * Chunk sizes in tokens (as counted by the {@link TokenCounter}).
 *
 * @param targetTokens  a chunk grows up to this size; only a single word longer than it can exceed it
 * @param overlapTokens up to this many tokens of whole sentences at the end of a chunk start the next one
 *                      as well, so a fact cut by a chunk boundary is still found whole
 */
public record ChunkingSettings(int targetTokens, int overlapTokens) {

    /** Fits small embedding models (MiniLM reads 256 word pieces at most) with room to spare. */
    public static final ChunkingSettings DEFAULT = new ChunkingSettings(200, 40);

    public ChunkingSettings {
        if (targetTokens < 8) {
            throw new IllegalArgumentException("chunk target must be at least 8 tokens, got " + targetTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= targetTokens / 2) {
            throw new IllegalArgumentException("chunk overlap must be between 0 and half the target ("
                    + targetTokens / 2 + " tokens), got " + overlapTokens);
        }
    }
}
