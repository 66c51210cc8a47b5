package dev.tramontane.rag.store;

import java.util.Map;

/** A chunk read back from the index: its id, text, metadata as added, and the score of the query that found it. */
public record StoredChunk(String id, String text, Map<String, Object> metadata, float score) {
}
