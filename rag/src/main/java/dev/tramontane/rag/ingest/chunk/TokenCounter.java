package dev.tramontane.rag.ingest.chunk;

/**
 * Counts tokens the way a model would, so chunk sizes can be set in tokens. Plug in the embedding model's
 * tokenizer (or the LLM's) where exact counts matter; {@link ApproximateTokenCounter} is the default.
 */
@FunctionalInterface
public interface TokenCounter {

    int count(CharSequence text);
}
