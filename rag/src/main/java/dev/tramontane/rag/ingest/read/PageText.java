package dev.tramontane.rag.ingest.read;

import java.util.List;
import java.util.Objects;

/**
 * The text of one page as a reader extracted it. Chunk offsets are character offsets into {@link #text},
 * so a citation ({@code page}, {@code start_offset}, {@code end_offset}) points at the exact place.
 * Formats without pages (HTML, Markdown, DOCX without page breaks, plain text) yield page 1.
 *
 * @param pageNumber 1-based page number
 * @param text       the page's text; paragraphs are separated by a blank line where the reader knows them
 * @param headings   spans of {@link #text} that are headings (from the document's structure), in order
 */
public record PageText(int pageNumber, String text, List<HeadingSpan> headings) {

    public PageText {
        if (pageNumber < 1) {
            throw new IllegalArgumentException("page numbers start at 1, got " + pageNumber);
        }
        Objects.requireNonNull(text, "text");
        headings = List.copyOf(headings);
        for (HeadingSpan heading : headings) {
            if (heading.end() > text.length()) {
                throw new IllegalArgumentException("heading span " + heading + " lies past the end of page "
                        + pageNumber + " (" + text.length() + " characters)");
            }
        }
    }

    /** A page whose structure is unknown: the chunker still splits it into paragraphs and sentences. */
    public PageText(int pageNumber, String text) {
        this(pageNumber, text, List.of());
    }
}
