package dev.tramontane.rag.ingest.read;

/**
 * A heading inside a {@link PageText}: characters {@code [start, end)} of the page text, at outline
 * {@code level} (1 = top level, as in HTML {@code h1}).
 */
public record HeadingSpan(int start, int end, int level) {

    public HeadingSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("heading span needs 0 <= start < end, got [" + start + ", " + end + ")");
        }
        if (level < 1) {
            throw new IllegalArgumentException("heading levels start at 1, got " + level);
        }
    }
}
