package dev.tramontane.rag.ingest.chunk;

/**
 * One chunk of a page: {@code text} equals the page text's characters {@code [startOffset, endOffset)}.
 *
 * @param index   0-based position of the chunk within its document
 * @param section the headings in force at the chunk, outermost first, joined by " › "; empty when none
 */
public record TextChunk(int index, int page, int startOffset, int endOffset, String text, String section, int tokens) {}
