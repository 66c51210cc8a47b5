package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.util.Optional;

/**
 * An opened document that hands out its pages one at a time, so a 500-page PDF never sits in memory as a
 * whole. Close it when done (it may hold the file open).
 */
public interface PageSource extends AutoCloseable {

    /** Number of pages {@link #nextPage} will yield. */
    int pageCount();

    /** The document's own title (PDF info, DOCX properties, HTML {@code <title>}, first Markdown heading). */
    Optional<String> title();

    /** The next page, or empty after the last one. */
    Optional<PageText> nextPage() throws IOException;

    @Override
    void close() throws IOException;
}
